'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { useIssueText } from '@/lib/i18n/issue-text';
import { useProducersQuery } from '@/lib/queries/admin';
import { groupNameSchema } from '@/lib/schemas/admin';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Field, TextInput } from '../ui/form';
import { PageHeader } from '../ui/page-header';
import { Alert, EmptyState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';

export function ProducersView() {
  const t = useTranslations('producers');
  const issue = useIssueText();
  const [draft, setDraft] = useState('');
  const [group, setGroup] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { data, error, isFetching } = useProducersQuery(group);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const r = groupNameSchema.safeParse(draft);
    if (!r.success) {
      setProblem(issue(r.error.issues[0]?.message) ?? t('badGroupName'));
      return;
    }
    setProblem(null);
    setGroup(r.data);
  }

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Card className="mb-4">
        <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-3 p-4">
          <Field label={t('groupLabel')} error={problem} testId="producer-group">
            <TextInput value={draft} onChange={(e) => setDraft(e.target.value)} data-testid="producer-group" placeholder={t('groupPlaceholder')} />
          </Field>
          <Button type="submit" data-testid="producer-submit">
            {t('submit')}
          </Button>
        </form>
      </Card>
      {group && (
        <Card title={t('connectionsOf', { group })} testId="producer-connections">
          {isFetching && !data && <LoadingState />}
          {error && (
            <div className="p-4">
              <Alert title={t('loadError')}>{error.message}</Alert>
            </div>
          )}
          {data && data.connections.length === 0 && <EmptyState testId="producer-empty" title={t('empty')} />}
          {data && data.connections.length > 0 && (
            <Table>
              <THead>
                <tr>
                  <TH>{t('colClientId')}</TH>
                  <TH>{t('colAddress')}</TH>
                  <TH>{t('colLanguage')}</TH>
                  <TH>{t('colVersion')}</TH>
                </tr>
              </THead>
              <TBody>
                {data.connections.map((c) => (
                  <TR key={c.clientId} data-testid="producer-row">
                    <TD className="font-mono text-xs">{c.clientId}</TD>
                    <TD className="font-mono">{c.clientAddr}</TD>
                    <TD>{c.language}</TD>
                    <TD>{c.version}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
      )}
    </>
  );
}
