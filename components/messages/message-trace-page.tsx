'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Card } from '../ui/card';
import { PageHeader } from '../ui/page-header';
import { Alert } from '../ui/states';
import { MessageTrace } from './message-trace';

export function MessageTracePage({ id, topic, traceTopic }: { id?: string; topic?: string; traceTopic?: string }) {
  const t = useTranslations('messages');
  const detailHref = id ? `/messages?${new URLSearchParams({ id, ...(topic ? { topic } : {}) }).toString()}` : '/messages';
  return (
    <>
      <PageHeader
        title={t('traceTitle')}
        description={id ? <span className="font-mono">{id}</span> : undefined}
        actions={
          <Link className="text-sm text-sky-700 hover:underline" href={detailHref} data-testid="trace-message-link">
            {t('messageDetailLink')}
          </Link>
        }
      />
      {id ? (
        <Card testId="message-trace-page">
          <MessageTrace id={id} topic={topic} traceTopic={traceTopic} />
        </Card>
      ) : (
        <Alert title={t('noIdTitle')}>{t('noIdText', { example: `?id=<${t('noIdParamId')}>&topic=<${t('noIdParamTopic')}>` })}</Alert>
      )}
    </>
  );
}
