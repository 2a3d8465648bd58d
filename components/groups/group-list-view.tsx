'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useFormat } from '@/lib/i18n/use-format';
import { useListParams } from '@/lib/hooks/use-list-params';
import type { GroupRowDto, Page } from '@/lib/dto/admin';
import { useGroupsQuery } from '@/lib/queries/admin';
import { GROUP_PAGE_SIZE } from '@/lib/topics';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { ListToolbar } from '../ui/list-toolbar';
import { PageHeader } from '../ui/page-header';
import { Pagination } from '../ui/pagination';
import { Alert, EmptyState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { GroupConfigForm } from './group-config-form';
import { AdminOnly } from '../auth/admin-only';

/** `initial`: the first page as the server rendered it (none when the cluster did not answer in time). */
export function GroupListView({ initial }: { initial?: Page<GroupRowDto> }) {
  const t = useTranslations('groups');
  const f = useFormat();
  const list = useListParams(GROUP_PAGE_SIZE);
  const { data, error, isPending } = useGroupsQuery(list.params, initial);
  const [creating, setCreating] = useState(false);

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <AdminOnly>
            <Button onClick={() => setCreating((v) => !v)} data-testid="group-create-toggle">
              {creating ? t('closeForm') : t('createGroup')}
            </Button>
          </AdminOnly>
        }
      />
      {creating && (
        <AdminOnly>
          <Card className="mb-4" title={t('createCardTitle')}>
            <GroupConfigForm />
          </Card>
        </AdminOnly>
      )}
      <Card testId="group-list">
        <ListToolbar q={list.q} onQ={list.setQ} showSystem={list.showSystem} onShowSystem={list.setShowSystem} placeholder={t('searchPlaceholder')}>
          {data && (
            <span className="text-xs text-slate-500" data-testid="group-count">
              {t('groupCount', { shown: f.count(data.total), total: f.count(data.totalAll) })}
            </span>
          )}
        </ListToolbar>
        {isPending && <LoadingState label={t('loading')} />}
        {error && (
          <div className="p-4">
            <Alert testId="group-list-error" title={t('loadError')}>
              {error.message}
            </Alert>
          </div>
        )}
        {data && data.items.length === 0 && <EmptyState testId="group-empty" title={t('emptyTitle')} />}
        {data && data.items.length > 0 && (
          <Table>
            <THead>
              <tr>
                <TH>{t('colGroup')}</TH>
                <TH className="text-right">{t('colLag')}</TH>
                <TH className="text-right">{t('colTimeLag')}</TH>
                <TH className="text-right">{t('colConsumeTps')}</TH>
                <TH className="text-right">{t('colOnlineClients')}</TH>
                <TH>{t('colModel')}</TH>
                <TH>{t('colTopics')}</TH>
              </tr>
            </THead>
            <TBody>
              {data.items.map((g) => (
                <TR key={g.group} data-testid="group-row" data-group={g.group}>
                  <TD className="font-medium">
                    <Link href={`/groups/${encodeURIComponent(g.group)}`} className="text-sky-700 hover:underline" data-testid="group-link">
                      {g.group}
                    </Link>
                  </TD>
                  <TD className="text-right tabular-nums" data-testid="group-lag">
                    {g.lag === null ? '—' : <span className={g.lag > 0 ? 'font-semibold text-amber-700' : ''}>{f.count(g.lag)}</span>}
                  </TD>
                  <TD className="text-right tabular-nums" data-testid="group-time-lag" data-ms={g.timeLagMs ?? ''}>
                    {f.age(g.timeLagMs)}
                  </TD>
                  <TD className="text-right tabular-nums">{f.tps(g.consumeTps)}</TD>
                  <TD className="text-right tabular-nums" data-testid="group-clients">
                    {g.onlineClients > 0 ? <Badge tone="green">{g.onlineClients}</Badge> : <Badge tone="gray">{t('offline')}</Badge>}
                  </TD>
                  <TD>{g.messageModel ?? '—'}</TD>
                  <TD className="max-w-xs truncate text-xs text-slate-500">{g.topics.join(', ') || '—'}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
        {data && <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPage={list.setPage} />}
      </Card>
    </>
  );
}
