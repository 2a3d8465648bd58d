'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import type { AlertRuleKind, ConsumerStatus } from '@/lib/dto/alerts';
import { useIssueText } from '@/lib/i18n/issue-text';
import { useCreateAlertRuleMutation } from '@/lib/queries/alerts';
import {
  ALERT_RULE_KINDS,
  ALERT_SEVERITIES,
  alertRuleInputSchema,
  BROKER_RULE_KINDS,
  CONSUMER_STATUSES,
  DEFAULT_ALERT_STATUSES,
  THRESHOLDLESS_KINDS,
} from '@/lib/schemas/alerts';
import { AdminOnly } from '../auth/admin-only';
import { Button } from '../ui/button';
import { Checkbox, Field, Select, TextInput } from '../ui/form';
import { Alert } from '../ui/states';

/*
 * Labels live in the `alerts` catalogue, keyed by the rule kind (kind.<kind>, threshold.<kind>) and the Burrow
 * status (statusHint.<status>, what each means, as the status checkboxes' tooltips).
 */

const empty = {
  name: '',
  group: '',
  topic: '',
  brokerName: '',
  kind: 'messageLag' as AlertRuleKind,
  threshold: '1000',
  forSeconds: '300',
  severity: 'warning',
  webhookUrl: '',
  statuses: [...DEFAULT_ALERT_STATUSES] as ConsumerStatus[],
};

/**
 * New rule: a group (optionally one topic) or, for replica behind, a broker group (or any), what to watch, the threshold (or, for the consumer status, which
 * statuses), how long it must hold, severity, webhook. Admins only: viewers see nothing (the API would refuse, 403).
 */
export function AlertRuleForm(props: { defaultGroup?: string }) {
  return (
    <AdminOnly>
      <RuleForm {...props} />
    </AdminOnly>
  );
}

function RuleForm({ defaultGroup }: { defaultGroup?: string }) {
  const t = useTranslations('alerts');
  const issue = useIssueText();
  const [v, setV] = useState({ ...empty, group: defaultGroup ?? '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mutation = useCreateAlertRuleMutation();
  const set = (k: Exclude<keyof typeof v, 'statuses'>) => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: e.target.value }));
  const toggleStatus = (status: ConsumerStatus, on: boolean) =>
    setV((s) => ({ ...s, statuses: on ? [...s.statuses, status] : s.statuses.filter((x) => x !== status) }));
  const noThreshold = THRESHOLDLESS_KINDS.includes(v.kind);
  const brokerKind = BROKER_RULE_KINDS.includes(v.kind);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const parsed = alertRuleInputSchema.safeParse({
      ...v,
      group: brokerKind ? '' : v.group,
      topic: brokerKind ? '' : v.topic,
      brokerName: brokerKind ? v.brokerName : '',
      threshold: noThreshold ? 0 : v.threshold,
      statuses: v.kind === 'consumerStatus' ? v.statuses : undefined,
    });
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const i of parsed.error.issues) next[String(i.path[0] ?? 'form')] ??= issue(i.message);
      setErrors(next);
      return;
    }
    setErrors({});
    mutation.mutate(
      { ...parsed.data, topic: parsed.data.topic ?? null, brokerName: parsed.data.brokerName ?? null, webhookUrl: parsed.data.webhookUrl ?? null },
      { onSuccess: () => setV((s) => ({ ...s, name: '' })) },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3 p-4" data-testid="alert-rule-form">
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label={t('formName')} error={errors.name} testId="rule-name">
          <TextInput value={v.name} onChange={set('name')} placeholder={t('formNamePlaceholder')} data-testid="rule-name" invalid={!!errors.name} />
        </Field>
        {brokerKind ? (
          <Field label={t('formBrokerGroup')} hint={t('formBrokerGroupHint')} error={errors.brokerName} testId="rule-broker-name" className="sm:col-span-2">
            <TextInput value={v.brokerName} onChange={set('brokerName')} placeholder="broker-a" data-testid="rule-broker-name" invalid={!!errors.brokerName} />
          </Field>
        ) : (
          <>
            <Field label={t('formConsumerGroup')} error={errors.group} testId="rule-group">
              <TextInput value={v.group} onChange={set('group')} data-testid="rule-group" invalid={!!errors.group} />
            </Field>
            <Field label={t('formTopic')} hint={t('formTopicHint')} error={errors.topic} testId="rule-topic">
              <TextInput value={v.topic} onChange={set('topic')} data-testid="rule-topic" />
            </Field>
          </>
        )}
        <Field label={t('formWatch')}>
          <Select value={v.kind} onChange={set('kind')} data-testid="rule-kind">
            {ALERT_RULE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t(`threshold.${v.kind}`)} error={errors.threshold} testId="rule-threshold">
          <TextInput type="number" min={0} value={noThreshold ? '' : v.threshold} disabled={noThreshold} onChange={set('threshold')} data-testid="rule-threshold" />
        </Field>
        <Field
          label={v.kind === 'dlqGrowth' ? t('formWithin') : t('formFor')}
          hint={v.kind === 'dlqGrowth' ? t('formWithinHint') : t('formForHint')}
          error={errors.forSeconds}
          testId="rule-for"
        >
          <TextInput type="number" min={0} value={v.forSeconds} onChange={set('forSeconds')} data-testid="rule-for" />
        </Field>
        <Field label={t('formSeverity')}>
          <Select value={v.severity} onChange={set('severity')} data-testid="rule-severity">
            {ALERT_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`severity.${s}`)}
              </option>
            ))}
          </Select>
        </Field>
        {v.kind === 'consumerStatus' && (
          <fieldset className="text-sm sm:col-span-3" data-testid="rule-statuses">
            <legend className="mb-1 font-medium text-slate-700">{v.topic ? t('formStatusesOfTopic', { topic: v.topic }) : t('formStatuses')}</legend>
            <div className="flex flex-wrap gap-4">
              {CONSUMER_STATUSES.filter((st) => st !== 'OK').map((st) => (
                <Checkbox
                  key={st}
                  label={st}
                  title={t(`statusHint.${st}`)}
                  checked={v.statuses.includes(st)}
                  onChange={(e) => toggleStatus(st, e.target.checked)}
                  data-testid={`rule-status-${st}`}
                />
              ))}
            </div>
            {errors.statuses ? (
              <span role="alert" data-testid="rule-statuses-error" className="mt-1 block text-xs text-red-700">
                {errors.statuses}
              </span>
            ) : (
              <span className="mt-1 block text-xs text-slate-500">{t('formStatusesHint')}</span>
            )}
          </fieldset>
        )}
        <Field label={t('formWebhook')} hint={t('formWebhookHint')} error={errors.webhookUrl} testId="rule-webhook" className="sm:col-span-2">
          <TextInput value={v.webhookUrl} onChange={set('webhookUrl')} placeholder="https://hooks.example.com/orbit" data-testid="rule-webhook" />
        </Field>
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={mutation.isPending} data-testid="rule-submit">
          {t('formSubmit')}
        </Button>
        {mutation.data && !mutation.isPending && (
          <span className="text-sm text-emerald-700" data-testid="rule-saved">
            {t('formSaved', { name: mutation.data.name })}
          </span>
        )}
      </div>
      {mutation.error && (
        <Alert testId="rule-error" title={t('formError')}>
          {mutation.error.message}
        </Alert>
      )}
    </form>
  );
}
