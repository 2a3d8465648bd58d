'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import type { AlertDto, AlertRuleDto, AlertSeverity, ConsumerStatus } from '@/lib/dto/alerts';
import { formatClock } from '@/lib/format';
import { useFormat, type BoundFormat } from '@/lib/i18n/use-format';
import { useSession } from '@/lib/hooks/use-session';
import { useAlertsQuery, useDeleteAlertRuleMutation, useSilenceAlertMutation } from '@/lib/queries/alerts';
import { Badge, type BadgeTone } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { ConfirmButton } from '../ui/confirm-button';
import { Select } from '../ui/form';
import { PageHeader } from '../ui/page-header';
import { Alert, EmptyState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { AdminOnly } from '../auth/admin-only';
import { AlertRuleForm } from './alert-rule-form';
import { LagTrendChart } from './lag-trend-chart';

const SILENCE_MINUTES = 60;

const SEVERITY_TONE: Record<AlertSeverity, BadgeTone> = { info: 'blue', warning: 'amber', critical: 'red' };
const STATUS_TONE: Record<ConsumerStatus, BadgeTone> = { OK: 'green', WARN: 'amber', ERR: 'red', STALL: 'red', STOP: 'red', REWIND: 'red' };

function StateBadge({ a }: { a: AlertDto }) {
  const t = useTranslations('alerts');
  const tone: BadgeTone = a.state === 'firing' ? 'red' : a.state === 'pending' ? 'amber' : 'green';
  return (
    <Badge tone={tone} dot testId="alert-state">
      {t(`state.${a.state}`)}
    </Badge>
  );
}

function unit(kind: AlertDto['kind']): string {
  return kind === 'timeLag' ? ' s' : kind === 'replicaBehind' ? ' B' : '';
}

/** The rules table's threshold cell: the statuses of a consumer-status rule, nothing for no-online-client. */
function thresholdText(r: AlertRuleDto, f: BoundFormat): string {
  if (r.kind === 'consumerStatus') return (r.statuses ?? []).join(', ');
  if (r.kind === 'noOnlineClient') return '—';
  return `${f.count(r.threshold)}${unit(r.kind)}`;
}

/** Rules form and list, firing alerts with silence buttons, Burrow statuses, the lag chart, history and webhook deliveries. */
export function AlertsView() {
  const t = useTranslations('alerts');
  const f = useFormat();
  const { data, error, isPending } = useAlertsQuery();
  const session = useSession();
  const readOnly = !session.loading && !session.canMutate;
  const silence = useSilenceAlertMutation();
  const del = useDeleteAlertRuleMutation();
  const groups = [...new Set((data?.rules ?? []).filter((r) => r.kind !== 'replicaBehind').map((r) => r.group))].sort();
  const [chartGroup, setChartGroup] = useState('');
  useEffect(() => {
    if (!chartGroup && groups.length) setChartGroup(groups[0]);
  }, [chartGroup, groups]);
  const silencedUntil = (ruleId: string) => data?.silences.find((s) => s.ruleId === ruleId)?.until ?? null;

  return (
    <>
      <PageHeader
        title={t('title')}
        description={
          data ? (
            <span data-testid="alerts-evaluation">
              {t('evaluatedEvery', { seconds: data.sampleIntervalMs / 1000 })} ·{' '}
              {data.lastEvaluationAt ? (
                <span title={formatClock(data.lastEvaluationAt)} data-testid="alerts-last-evaluation">
                  {t('lastEvaluation', { ago: f.ago(data.lastEvaluationAt) })}
                </span>
              ) : (
                t('notEvaluatedYet')
              )}{' '}
              ·{' '}
              <a href="/metrics" className="text-sky-700 hover:underline">
                /metrics
              </a>
            </span>
          ) : (
            t('description')
          )
        }
      />
      {isPending && (
        <Card>
          <LoadingState label={t('loading')} />
        </Card>
      )}
      {error && (
        <Alert className="mb-4" testId="alerts-error" title={t('loadError')}>
          {error.message}
        </Alert>
      )}
      {silence.error && (
        <Alert className="mb-4" title={t('silenceError')}>
          {silence.error.message}
        </Alert>
      )}
      {data && (
        <div className="space-y-4">
          {data.lastError && (
            <Alert tone="amber" title={t('sampleError')} testId="alerts-sample-error">
              {data.lastError}
            </Alert>
          )}
          <Card title={t('activeTitle')} description={t('activeDescription')} testId="alerts-active">
            {data.active.length === 0 ? (
              <EmptyState title={t('activeEmptyTitle')} testId="alerts-active-empty">
                {t('activeEmptyText')}
              </EmptyState>
            ) : (
              <Table>
                <THead>
                  <tr>
                    <TH>{t('colState')}</TH>
                    <TH>{t('colRule')}</TH>
                    <TH>{t('colSeverity')}</TH>
                    <TH>{t('colSummary')}</TH>
                    <TH>{t('colConsumer')}</TH>
                    <TH>{t('colSince')}</TH>
                    <TH />
                  </tr>
                </THead>
                <TBody>
                  {data.active.map((a) => (
                    <TR key={a.id} data-testid="alert-row" data-rule={a.ruleName} data-state={a.state}>
                      <TD>
                        <StateBadge a={a} />
                      </TD>
                      <TD className="font-medium text-slate-900">{a.ruleName}</TD>
                      <TD>
                        <Badge tone={SEVERITY_TONE[a.severity]}>{t(`severity.${a.severity}`)}</Badge>
                      </TD>
                      <TD className="whitespace-normal">{a.summary}</TD>
                      <TD>{a.consumerStatus && <Badge tone={STATUS_TONE[a.consumerStatus]}>{a.consumerStatus}</Badge>}</TD>
                      <TD>{formatClock(a.firedAt ?? a.activeAt)}</TD>
                      <TD className="text-right">
                        {a.silencedUntil ? (
                          <span className="inline-flex items-center gap-2">
                            <span data-testid="alert-silenced" className="text-xs text-slate-500">
                              {t('silencedUntil', { time: formatClock(a.silencedUntil) })}
                            </span>
                            <AdminOnly>
                              <Button variant="secondary" onClick={() => silence.mutate({ ruleId: a.ruleId, minutes: 0 })} data-testid="alert-unsilence">
                                {t('unsilence')}
                              </Button>
                            </AdminOnly>
                          </span>
                        ) : (
                          <AdminOnly>
                            <Button variant="secondary" disabled={silence.isPending} onClick={() => silence.mutate({ ruleId: a.ruleId, minutes: SILENCE_MINUTES })} data-testid="alert-silence">
                              {t('silenceHour')}
                            </Button>
                          </AdminOnly>
                        )}
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            )}
          </Card>

          <Card
            title={t('rulesTitle')}
            description={readOnly ? t('rulesReadOnly') : t('rulesDescription')}
            testId="alert-rules"
          >
            <AlertRuleForm />
            {data.rules.length > 0 && (
              <Table>
                <THead>
                  <tr>
                    <TH>{t('colName')}</TH>
                    <TH>{t('colGroup')}</TH>
                    <TH>{t('colWatch')}</TH>
                    <TH className="text-right">{t('colThreshold')}</TH>
                    <TH className="text-right">{t('colFor')}</TH>
                    <TH>{t('colSeverity')}</TH>
                    <TH>{t('colWebhook')}</TH>
                    <TH />
                  </tr>
                </THead>
                <TBody>
                  {data.rules.map((r) => {
                    const until = silencedUntil(r.id);
                    return (
                      <TR key={r.id} data-testid="rule-row" data-rule={r.name}>
                        <TD className="font-medium text-slate-900">{r.name}</TD>
                        <TD>
                          {r.kind === 'replicaBehind' ? (
                            <Link href="/cluster" className="text-sky-700 hover:underline" data-testid="rule-broker">
                              {r.brokerName ? t('brokerGroup', { name: r.brokerName }) : t('anyBrokerGroup')}
                            </Link>
                          ) : (
                            <>
                              <Link href={`/groups/${encodeURIComponent(r.group)}`} className="text-sky-700 hover:underline">
                                {r.group}
                              </Link>
                              {r.topic && <span className="text-slate-500"> · {r.topic}</span>}
                            </>
                          )}
                        </TD>
                        <TD>{t(`kind.${r.kind}`)}</TD>
                        <TD className="text-right tabular-nums">{thresholdText(r, f)}</TD>
                        <TD className="text-right tabular-nums">{r.forSeconds} s</TD>
                        <TD>
                          <Badge tone={SEVERITY_TONE[r.severity]}>{t(`severity.${r.severity}`)}</Badge>
                        </TD>
                        <TD className="max-w-48 truncate" title={r.webhookUrl ?? ''}>
                          {r.webhookUrl ?? '—'}
                        </TD>
                        <TD className="text-right">
                          <AdminOnly>
                            <span className="inline-flex items-center gap-2">
                              {until ? (
                                <Button variant="secondary" onClick={() => silence.mutate({ ruleId: r.id, minutes: 0 })} data-testid="rule-unsilence">
                                  {t('silencedUntilLift', { time: formatClock(until) })}
                                </Button>
                              ) : (
                                <Button variant="secondary" onClick={() => silence.mutate({ ruleId: r.id, minutes: SILENCE_MINUTES })} data-testid="rule-silence">
                                  {t('silenceHour')}
                                </Button>
                              )}
                              <ConfirmButton label={t('delete')} question={t('deleteQuestion', { name: r.name })} onConfirm={() => del.mutate(r.id)} testId="rule-delete" />
                            </span>
                          </AdminOnly>
                          {readOnly && until && (
                            <span className="text-xs text-slate-500" data-testid="rule-silenced">
                              {t('silencedUntil', { time: formatClock(until) })}
                            </span>
                          )}
                        </TD>
                      </TR>
                    );
                  })}
                </TBody>
              </Table>
            )}
          </Card>

          {groups.length > 0 && (
            <div className="space-y-2">
              <div className="flex items-center gap-2 text-sm text-slate-600">
                <span className="whitespace-nowrap">{t('lagTrendOf')}</span>
                <Select className="w-64" value={chartGroup} onChange={(e) => setChartGroup(e.target.value)} data-testid="lag-trend-group">
                  {groups.map((g) => (
                    <option key={g} value={g}>
                      {g}
                    </option>
                  ))}
                </Select>
              </div>
              {chartGroup && <LagTrendChart group={chartGroup} />}
            </div>
          )}

          <Card title={t('groupsTitle')} description={t('groupsDescription')} testId="alerts-groups">
            {data.groups.length === 0 ? (
              <EmptyState title={t('groupsEmpty')} />
            ) : (
              <Table>
                <THead>
                  <tr>
                    <TH>{t('colGroup')}</TH>
                    <TH>{t('colStatus')}</TH>
                    <TH className="text-right">{t('colLag')}</TH>
                    <TH>{t('colQueuesNotOk')}</TH>
                    <TH>{t('colSampled')}</TH>
                  </tr>
                </THead>
                <TBody>
                  {data.groups.map((g) => (
                    <TR key={g.group} data-testid="group-status-row" data-group={g.group}>
                      <TD className="font-medium text-slate-900">{g.group}</TD>
                      <TD>
                        <Badge tone={STATUS_TONE[g.status]} testId="group-status">
                          {g.status}
                        </Badge>
                      </TD>
                      <TD className="text-right tabular-nums">{f.count(g.totalLag)}</TD>
                      <TD className="whitespace-normal text-xs">
                        {g.partitions
                          .filter((p) => p.status !== 'OK')
                          .map((p) => `${p.topic}/${p.brokerName}/${p.queueId} ${p.status}`)
                          .join(', ') || '—'}
                      </TD>
                      <TD>{formatClock(g.sampledAt)}</TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            )}
          </Card>

          <div className="grid gap-4 lg:grid-cols-2">
            <Card title={t('historyTitle')} description={t('historyDescription')} testId="alerts-history">
              {data.history.length === 0 ? (
                <EmptyState title={t('historyEmpty')} />
              ) : (
                <Table>
                  <THead>
                    <tr>
                      <TH>{t('colRule')}</TH>
                      <TH>{t('colFired')}</TH>
                      <TH>{t('colResolved')}</TH>
                      <TH>{t('colLastValue')}</TH>
                    </tr>
                  </THead>
                  <TBody>
                    {data.history.slice(0, 50).map((a) => (
                      <TR key={a.id} data-testid="history-row" data-rule={a.ruleName}>
                        <TD className="font-medium text-slate-900">{a.ruleName}</TD>
                        <TD>{formatClock(a.firedAt)}</TD>
                        <TD>{formatClock(a.resolvedAt)}</TD>
                        <TD className="tabular-nums">
                          {f.count(a.value)}
                          {unit(a.kind)}
                        </TD>
                      </TR>
                    ))}
                  </TBody>
                </Table>
              )}
            </Card>
            <Card title={t('notificationsTitle')} description={t('notificationsDescription')} testId="alerts-notifications">
              {data.notifications.length === 0 ? (
                <EmptyState title={t('notificationsEmpty')} />
              ) : (
                <Table>
                  <THead>
                    <tr>
                      <TH>{t('colWhen')}</TH>
                      <TH>{t('colRule')}</TH>
                      <TH>{t('colEvent')}</TH>
                      <TH>{t('colStatus')}</TH>
                      <TH>{t('colAttempts')}</TH>
                    </tr>
                  </THead>
                  <TBody>
                    {data.notifications.slice(0, 50).map((n) => (
                      <TR key={n.id} data-testid="notification-row" data-status={n.status}>
                        <TD>{formatClock(n.at)}</TD>
                        <TD>{n.ruleName}</TD>
                        <TD>{t(`event.${n.event}`)}</TD>
                        <TD title={n.url}>
                          <Badge tone={n.status === 'delivered' ? 'green' : n.status === 'failed' ? 'red' : 'amber'}>{t(`delivery.${n.status}`)}</Badge>
                          {n.lastError && <span className="ml-2 text-xs text-red-700">{n.lastError}</span>}
                        </TD>
                        <TD className="tabular-nums">{n.attempts}</TD>
                      </TR>
                    ))}
                  </TBody>
                </Table>
              )}
            </Card>
          </div>
        </div>
      )}
    </>
  );
}
