'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import type { SubscriptionGroupConfigDto } from '@/lib/dto/admin';
import { useIssueText } from '@/lib/i18n/issue-text';
import { useSaveGroupMutation } from '@/lib/queries/admin';
import { subscriptionGroupInputSchema } from '@/lib/schemas/admin';
import { Button } from '../ui/button';
import { Checkbox, Field, TextInput } from '../ui/form';
import { Alert } from '../ui/states';

const DEFAULTS: SubscriptionGroupConfigDto = {
  groupName: '',
  consumeEnable: true,
  consumeFromMinEnable: true,
  consumeBroadcastEnable: true,
  retryQueueNums: 1,
  retryMaxTimes: 16,
  brokerId: 0,
  whichBrokerWhenConsumeSlowly: 1,
  notifyConsumerIdsChangedEnable: true,
};

/** The subscription group config (UPDATE_AND_CREATE_SUBSCRIPTIONGROUP on every master). */
export function GroupConfigForm({ initial }: { initial?: SubscriptionGroupConfigDto }) {
  const t = useTranslations('groups');
  const issue = useIssueText();
  const [d, setD] = useState<Record<string, string | boolean>>(() =>
    Object.fromEntries(Object.entries(initial ?? DEFAULTS).map(([k, v]) => [k, typeof v === 'boolean' ? v : String(v)])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mutation = useSaveGroupMutation();
  const text = (k: string) => ({ value: String(d[k] ?? ''), onChange: (e: { target: { value: string } }) => setD((x) => ({ ...x, [k]: e.target.value })) });
  const bool = (k: string) => ({ checked: d[k] === true, onChange: (e: { target: { checked: boolean } }) => setD((x) => ({ ...x, [k]: e.target.checked })) });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const parsed = subscriptionGroupInputSchema.safeParse(d);
    if (!parsed.success) {
      const errs: Record<string, string> = {};
      for (const i of parsed.error.issues) errs[String(i.path[0])] ??= issue(i.message);
      setErrors(errs);
      return;
    }
    setErrors({});
    mutation.mutate(parsed.data);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4 p-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="group-config-form">
      <Field label={t('formGroupName')} error={errors.groupName} testId="group-form-name" className="lg:col-span-2">
        <TextInput {...text('groupName')} disabled={!!initial} data-testid="group-form-name" />
      </Field>
      <Field label={t('formRetryMaxTimes')} error={errors.retryMaxTimes}>
        <TextInput type="number" {...text('retryMaxTimes')} data-testid="group-form-retry-max" />
      </Field>
      <Field label={t('formRetryQueues')} error={errors.retryQueueNums}>
        <TextInput type="number" {...text('retryQueueNums')} />
      </Field>
      <Field label={t('formBrokerId')} error={errors.brokerId}>
        <TextInput type="number" {...text('brokerId')} />
      </Field>
      <Field label={t('formSlowBroker')} error={errors.whichBrokerWhenConsumeSlowly}>
        <TextInput type="number" {...text('whichBrokerWhenConsumeSlowly')} />
      </Field>
      <div className="flex flex-col gap-2 sm:col-span-2">
        <Checkbox label={t('formConsumeEnable')} {...bool('consumeEnable')} data-testid="group-form-consume-enable" />
        <Checkbox label={t('formBroadcast')} {...bool('consumeBroadcastEnable')} />
        <Checkbox label={t('formFromMin')} {...bool('consumeFromMinEnable')} />
        <Checkbox label={t('formNotify')} {...bool('notifyConsumerIdsChangedEnable')} />
      </div>
      <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-4">
        <Button type="submit" disabled={mutation.isPending} data-testid="group-form-submit">
          {mutation.isPending ? t('saving') : initial ? t('updateGroup') : t('createGroup')}
        </Button>
        {mutation.isSuccess && (
          <span className="text-sm text-emerald-700" data-testid="group-form-saved">
            {t('saved')}
          </span>
        )}
      </div>
      {mutation.error && (
        <Alert className="sm:col-span-2 lg:col-span-4" title={t('saveError')}>
          {mutation.error.message}
        </Alert>
      )}
    </form>
  );
}
