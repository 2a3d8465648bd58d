'use client';

import Link from 'next/link';
import { Card } from '../ui/card';
import { PageHeader } from '../ui/page-header';
import { Alert } from '../ui/states';
import { MessageTrace } from './message-trace';

export function MessageTracePage({ id, topic, traceTopic }: { id?: string; topic?: string; traceTopic?: string }) {
  const detailHref = id ? `/messages?${new URLSearchParams({ id, ...(topic ? { topic } : {}) }).toString()}` : '/messages';
  return (
    <>
      <PageHeader
        title="Message trace"
        description={id ? <span className="font-mono">{id}</span> : undefined}
        actions={
          <Link className="text-sm text-sky-700 hover:underline" href={detailHref} data-testid="trace-message-link">
            Message detail
          </Link>
        }
      />
      {id ? (
        <Card testId="message-trace-page">
          <MessageTrace id={id} topic={topic} traceTopic={traceTopic} />
        </Card>
      ) : (
        <Alert title="No message given.">Open a message from the Messages page, or add ?id=&lt;message id&gt;&amp;topic=&lt;topic&gt; to the address.</Alert>
      )}
    </>
  );
}
