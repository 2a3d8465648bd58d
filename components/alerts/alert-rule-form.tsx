'use client';

import { useState, type FormEvent } from 'react';
import type { AlertRuleKind } from '@/lib/dto/alerts';
import { useCreateAlertRuleMutation } from '@/lib/queries/alerts';
import { ALERT_RULE_KINDS, ALERT_SEVERITIES, alertRuleInputSchema } from '@/lib/schemas/alerts';
import { Button } from '../ui/button';
import { Field, Select, TextInput } from '../ui/form';
import { Alert } from '../ui/states';

export const RULE_KIND_LABELS: Record<AlertRuleKind, string> = {
  messageLag: 'Message lag',
  timeLag: 'Time lag',
  dlqGrowth: 'DLQ growth',
  noOnlineClient: 'No online client',
};

const THRESHOLD_LABELS: Record<AlertRuleKind, string> = {
  messageLag: 'Messages behind, more than',
  timeLag: 'Seconds behind, more than',
  dlqGrowth: 'Messages dead-lettered, more than',
  noOnlineClient: 'Threshold (not used)',
};

const empty = { name: '', group: '', topic: '', kind: 'messageLag' as AlertRuleKind, threshold: '1000', forSeconds: '300', severity: 'warning', webhookUrl: '' };

/** New rule: a group (optionally one topic), what to watch, the threshold, how long it must hold, severity, webhook. */
export function AlertRuleForm({ defaultGroup }: { defaultGroup?: string }) {
  const [v, setV] = useState({ ...empty, group: defaultGroup ?? '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mutation = useCreateAlertRuleMutation();
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: e.target.value }));

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const parsed = alertRuleInputSchema.safeParse({ ...v, threshold: v.kind === 'noOnlineClient' ? 0 : v.threshold });
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const i of parsed.error.issues) next[String(i.path[0] ?? 'form')] ??= i.message;
      setErrors(next);
      return;
    }
    setErrors({});
    mutation.mutate(
      { ...parsed.data, topic: parsed.data.topic ?? null, webhookUrl: parsed.data.webhookUrl ?? null },
      { onSuccess: () => setV((s) => ({ ...s, name: '' })) },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3 p-4" data-testid="alert-rule-form">
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Name" error={errors.name} testId="rule-name">
          <TextInput value={v.name} onChange={set('name')} placeholder="orders consumer behind" data-testid="rule-name" invalid={!!errors.name} />
        </Field>
        <Field label="Consumer group" error={errors.group} testId="rule-group">
          <TextInput value={v.group} onChange={set('group')} data-testid="rule-group" invalid={!!errors.group} />
        </Field>
        <Field label="Topic" hint="Empty: every topic of the group" error={errors.topic} testId="rule-topic">
          <TextInput value={v.topic} onChange={set('topic')} data-testid="rule-topic" />
        </Field>
        <Field label="Watch">
          <Select value={v.kind} onChange={set('kind')} data-testid="rule-kind">
            {ALERT_RULE_KINDS.map((k) => (
              <option key={k} value={k}>
                {RULE_KIND_LABELS[k]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={THRESHOLD_LABELS[v.kind]} error={errors.threshold} testId="rule-threshold">
          <TextInput type="number" min={0} value={v.kind === 'noOnlineClient' ? '' : v.threshold} disabled={v.kind === 'noOnlineClient'} onChange={set('threshold')} data-testid="rule-threshold" />
        </Field>
        <Field
          label={v.kind === 'dlqGrowth' ? 'Within (seconds)' : 'For (seconds)'}
          hint={v.kind === 'dlqGrowth' ? 'Look-back window' : 'Fires once the condition held this long'}
          error={errors.forSeconds}
          testId="rule-for"
        >
          <TextInput type="number" min={0} value={v.forSeconds} onChange={set('forSeconds')} data-testid="rule-for" />
        </Field>
        <Field label="Severity">
          <Select value={v.severity} onChange={set('severity')} data-testid="rule-severity">
            {ALERT_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Webhook URL" hint="JSON POST on firing and resolved (optional)" error={errors.webhookUrl} testId="rule-webhook" className="sm:col-span-2">
          <TextInput value={v.webhookUrl} onChange={set('webhookUrl')} placeholder="https://hooks.example.com/orbit" data-testid="rule-webhook" />
        </Field>
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={mutation.isPending} data-testid="rule-submit">
          Add rule
        </Button>
        {mutation.data && !mutation.isPending && (
          <span className="text-sm text-emerald-700" data-testid="rule-saved">
            Rule “{mutation.data.name}” saved.
          </span>
        )}
      </div>
      {mutation.error && (
        <Alert testId="rule-error" title="The rule was not saved.">
          {mutation.error.message}
        </Alert>
      )}
    </form>
  );
}
