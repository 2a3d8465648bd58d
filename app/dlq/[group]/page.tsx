import type { Metadata } from 'next';
import { connection } from 'next/server';
import { getTranslations } from 'next-intl/server';
import { DlqTriageView } from '@/components/dlq/dlq-triage-view';
import { groupNameSchema } from '@/lib/schemas/admin';
import { decodeSegment, DLQ_PAGE_SIZE } from '@/lib/topics';
import { getDlqPage, getDlqSummary, withinBudget } from '@/server/console';

type Props = { params: Promise<{ group: string }> };

/**
 * The summary goes into the HTML only when it is cheap: once the scan has caught up it answers in a few ms;
 * before that it waits for the scan (up to 400 ms) and the browser polls for it anyway. The call still starts
 * the scan early.
 */
const SUMMARY_BUDGET_MS = 150;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations('dlq');
  return { title: t('triagePageTitle', { group: decodeSegment((await params).group) }) };
}

export default async function DlqGroupPage({ params }: Props) {
  await connection();
  const group = decodeSegment((await params).group);
  // A name the API would refuse gets no server data: the browser's fetch shows the error as before.
  const valid = groupNameSchema.safeParse(group).success;
  const [initialPage, initialSummary] = valid
    ? await Promise.all([
        withinBudget('dlq page', () => getDlqPage(group, 1, DLQ_PAGE_SIZE)),
        withinBudget('dlq summary', () => getDlqSummary(group), SUMMARY_BUDGET_MS),
      ])
    : [undefined, undefined];
  return <DlqTriageView group={group} initialPage={initialPage} initialSummary={initialSummary} />;
}
