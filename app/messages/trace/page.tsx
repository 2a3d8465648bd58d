import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { MessageTracePage } from '@/components/messages/message-trace-page';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('messages');
  return { title: t('traceTitle') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** /messages/trace?id=<msgId>[&topic=][&traceTopic=]: a message's trace, for plain links. */
export default async function MessageTraceRoute({ searchParams }: Props) {
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (typeof v === 'string' && v ? v : undefined);
  return <MessageTracePage id={one(sp.id)} topic={one(sp.topic)} traceTopic={one(sp.traceTopic)} />;
}
