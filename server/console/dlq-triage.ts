/**
 * DLQ triage of one group: the failure-signature summary and trend (from the incremental scan), a page of
 * dead letters newest first, batch republish of a signature or a selection (a job), and purge.
 *
 * Purge: Apache RocketMQ cannot delete single messages, and deleting `%DLQ%group` would also drop dead
 * letters that arrive while it is gone. So a purge stores a mark, the queue's current end, as the committed
 * offset of the group {@link PURGE_MARK_GROUP} on each DLQ queue (in the broker, so every console sees it).
 * The console hides and never republishes messages below the mark; they stay on disk until the broker's
 * retention deletes them, and other tools still see them.
 */
import type { DlqPageDto, DlqSummaryDto, PurgeResultDto, RepublishPreviewDto, RepublishStartDto } from '../../lib/dto/dlq';
import type { RepublishPreviewInput, RepublishStartInput } from '../../lib/schemas/replay';
import { DLQ_PREFIX, RETRY_PREFIX } from '../../lib/topics';
import { originalTopicOf } from '../client/admin/message-admin';
import type { MessageView } from '../client/admin/types';
import { ConsoleError } from '../common/errors';
import type { AdminClientLike } from './admin-client-cache';
import { admin, reason } from './cluster-admin';
import { dlqScanner } from './dlq-scan';
import { signatureKey, signatureOf } from './dlq-signature';
import { assertConfirmed, type JobWork } from './jobs/job-runner';
import { jobRunner } from './jobs/job-registry';
import { toMessageSummary } from './message-dto';
import { PULL_BATCH, pullAt, topicQueues, type QueueRange } from './queue-range';
import { firstMessages, sendingWork, toPreviewMessage } from './replay';

/** Whose committed offsets on `%DLQ%group` are the purge marks. */
export const PURGE_MARK_GROUP = 'orbit-console-dlq-purged';

/** How long a summary request waits for the scan before answering with partial counts. */
const SUMMARY_WAIT_MS = 400;

interface LiveQueues {
  ranges: QueueRange[];
  /** Messages below the purge marks. */
  purged: number;
}

function isTopicMissing(err: unknown): boolean {
  return (err as { responseCode?: number }).responseCode === 17;
}

/** Each DLQ queue's live range: from the purge mark (or the queue's minimum) to its end. Null: no DLQ topic. */
async function liveQueues(client: AdminClientLike, topic: string): Promise<LiveQueues | null> {
  let queues;
  try {
    queues = await topicQueues(client, topic);
  } catch (err) {
    if (isTopicMissing(err)) return null;
    throw err;
  }
  let purged = 0;
  const ranges = await Promise.all(
    queues.map(async (s) => {
      const mark = (await client.queryConsumerOffset(PURGE_MARK_GROUP, s.ref).catch(() => null)) ?? 0;
      const start = Math.min(s.maxOffset, Math.max(s.minOffset, mark));
      purged += Math.max(0, start - s.minOffset);
      return { q: s.ref, start, end: s.maxOffset };
    }),
  );
  return { ranges, purged };
}

function notReadable(topic: string, err: unknown): never {
  if ((err as { responseCode?: number }).responseCode === 16) {
    throw new ConsoleError(409, 'TOPIC_NOT_READABLE', `${topic} is not readable (its permission lacks read); make it readable to triage it`);
  }
  throw err;
}

export async function getDlqSummary(group: string): Promise<DlqSummaryDto> {
  const client = admin();
  const topic = DLQ_PREFIX + group;
  const live = await liveQueues(client, topic);
  const fetchedAt = new Date().toISOString();
  if (!live) return { group, dlqTopic: topic, exists: false, total: 0, scanned: 0, complete: true, purged: 0, signatures: [], trend: { unit: 'hour', points: [] }, fetchedAt };
  const view = await dlqScanner(client).refresh(topic, live.ranges, SUMMARY_WAIT_MS);
  if (view.error && view.scanned === 0) notReadable(topic, view.error);
  return {
    group,
    dlqTopic: topic,
    exists: true,
    total: view.total,
    scanned: view.scanned,
    complete: view.complete,
    purged: live.purged,
    signatures: view.summary.signatures(),
    trend: view.summary.trend(),
    fetchedAt,
  };
}

/**
 * One page of live dead letters, newest first: queue after queue (a DLQ has one queue per broker), each
 * read backwards from its end by offset, so page 1 costs one or two pulls whatever the depth.
 */
export async function getDlqPage(group: string, page: number, pageSize: number): Promise<DlqPageDto> {
  const client = admin();
  const topic = DLQ_PREFIX + group;
  const live = await liveQueues(client, topic);
  const fetchedAt = new Date().toISOString();
  if (!live) return { items: [], total: 0, page, pageSize, purged: 0, fetchedAt };
  let skip = (page - 1) * pageSize;
  let need = pageSize;
  const out: MessageView[] = [];
  for (const r of live.ranges) {
    const count = r.end - r.start;
    if (skip >= count) {
      skip -= count;
      continue;
    }
    const hi = r.end - skip;
    const lo = Math.max(r.start, hi - need);
    skip = 0;
    const part: MessageView[] = [];
    for (let o = lo; o < hi; ) {
      const { messages, next } = await pullAt(client, r.q, o, Math.min(PULL_BATCH, hi - o)).catch((err: unknown) => notReadable(topic, err));
      if (next <= o) break;
      part.push(...messages.filter((m) => m.queueOffset < hi));
      o = next;
    }
    out.push(...part.reverse());
    need -= hi - lo;
    if (need <= 0) break;
  }
  return { items: out.map(toMessageSummary), total: live.ranges.reduce((n, r) => n + r.end - r.start, 0), page, pageSize, purged: live.purged, fetchedAt };
}

interface RepublishPlan {
  count: number;
  destinations: string[];
  first: RepublishPreviewDto['first'];
  work: () => JobWork;
}

function destinationOf(m: MessageView, group: string, to: 'original' | 'retry'): string {
  return to === 'retry' ? RETRY_PREFIX + group : (originalTopicOf(m) ?? '(unknown)');
}

async function planRepublish(client: AdminClientLike, group: string, input: RepublishPreviewInput): Promise<RepublishPlan> {
  const topic = DLQ_PREFIX + group;
  const send = (m: MessageView) => client.resendMessage(m, input.to === 'retry' ? { group } : {});
  if (input.ids?.length) {
    const ids = [...new Set(input.ids)];
    const found = (await Promise.all(ids.map((id) => client.viewMessage(id, topic).catch(() => null)))).filter((m): m is MessageView => m !== null);
    const list = found;
    return {
      count: ids.length,
      destinations: [...new Set(list.map((m) => destinationOf(m, group, input.to)))].sort(),
      first: list.slice(0, 10).map(toPreviewMessage),
      work: () => {
        let i = 0;
        return {
          async step(max) {
            const batch = ids.slice(i, i + max);
            i += batch.length;
            let done = 0;
            let failed = 0;
            let error: string | undefined;
            for (const id of batch) {
              const m = list.find((x) => x.offsetMsgId === id || x.msgId === id);
              try {
                if (!m) throw new Error('message not found');
                await send(m);
                done++;
              } catch (err) {
                failed++;
                error ??= `${id}: ${reason(err)}`;
              }
            }
            return { done, failed, skipped: 0, finished: i >= ids.length, error };
          },
        };
      },
    };
  }
  const live = await liveQueues(client, topic);
  if (!live) throw new ConsoleError(404, 'NOT_FOUND', `${group} has no dead-letter topic`);
  // The full count needs the scan caught up: wait for it (it only reads what is new since the last one).
  const view = await dlqScanner(client).refresh(topic, live.ranges, Number.MAX_SAFE_INTEGER);
  const key = input.signature!;
  const sig = view.summary.signatures().find((s) => s.key === key);
  if (!sig) throw new ConsoleError(404, 'SIGNATURE_NOT_FOUND', 'no live dead letter has this failure signature (purged, or a new scan)');
  const keep = (m: MessageView) => signatureKey(signatureOf(m)) === key;
  return {
    count: sig.count,
    destinations: [input.to === 'retry' ? RETRY_PREFIX + group : (sig.originalTopic ?? '(unknown)')],
    first: await firstMessages(client, live.ranges, keep),
    work: () => sendingWork(client, live.ranges, send, keep),
  };
}

export async function previewRepublish(group: string, input: RepublishPreviewInput): Promise<RepublishPreviewDto> {
  const plan = await planRepublish(admin(), group, input);
  const limit = jobRunner().confirmLimit;
  return { count: plan.count, destinations: plan.destinations, first: plan.first, confirmLimit: limit, needsConfirm: plan.count > limit };
}

export async function startRepublish(group: string, input: RepublishStartInput, user: string): Promise<RepublishStartDto> {
  const plan = await planRepublish(admin(), group, input);
  const job = jobRunner().start({
    kind: 'dlq.republish',
    target: DLQ_PREFIX + group,
    total: plan.count,
    ratePerSec: input.ratePerSec,
    confirm: input.confirm,
    user,
    detail: `${input.ids?.length ? 'selection' : 'signature group'} to ${plan.destinations.join(', ')}`,
    work: plan.work(),
  });
  return { job };
}

/** Moves the purge mark of every DLQ queue to its end; `confirm` must be the live count shown. */
export async function purgeDlq(group: string, confirm: number): Promise<PurgeResultDto> {
  const client = admin();
  const topic = DLQ_PREFIX + group;
  const live = await liveQueues(client, topic);
  if (!live) throw new ConsoleError(404, 'NOT_FOUND', `${group} has no dead-letter topic`);
  const count = live.ranges.reduce((n, r) => n + r.end - r.start, 0);
  if (confirm !== count) {
    throw new ConsoleError(409, 'CONFIRM_MISMATCH', `the DLQ holds ${count} live dead letters now, not ${confirm}; look again and confirm ${count}`);
  }
  assertConfirmed(count, confirm, jobRunner().confirmLimit);
  for (const r of live.ranges) await client.updateConsumerOffset(PURGE_MARK_GROUP, r.q, r.end);
  dlqScanner(client).reset(topic);
  return { purged: count, queues: live.ranges.map((r) => ({ brokerName: r.q.brokerName, queueId: r.q.queueId, purgedUpTo: r.end })) };
}
