/**
 * Replay a time range of a topic: to one group by resetting its offsets to `from` (it re-consumes all that
 * was stored since), to one group exactly (only [from, to], through `%RETRY%group` with RETRY_TOPIC set so
 * Java consumers see the original topic), or as a copy to another topic. The last two are jobs.
 */
import type { PreviewMessageDto } from '../../lib/dto/jobs';
import type { ReplayPreviewDto, ReplayStartDto } from '../../lib/dto/replay';
import type { ReplayPreviewQuery, ReplayStartInput } from '../../lib/schemas/replay';
import { RETRY_PREFIX } from '../../lib/topics';
import { resendProperties } from '../client/admin/message-admin';
import type { MessageView } from '../client/admin/types';
import { ConsoleError } from '../common/errors';
import type { AdminClientLike } from './admin-client-cache';
import { admin, reason } from './cluster-admin';
import { assertConfirmed, type JobWork } from './jobs/job-runner';
import { jobRunner } from './jobs/job-registry';
import { toMessageSummary } from './message-dto';
import { PULL_BATCH, RangeCursor, rangesByTime, type QueueRange } from './queue-range';

const FIRST_SHOWN = 10;

export function toPreviewMessage(m: MessageView): PreviewMessageDto {
  const s = toMessageSummary(m);
  return { msgId: s.msgId, offsetMsgId: s.offsetMsgId, topic: s.topic, queueId: s.queueId, queueOffset: s.queueOffset, storeTimestamp: s.storeTimestamp, tags: s.tags, keys: s.keys, bodyPreview: s.bodyPreview };
}

/** The first messages of some ranges, for a preview. */
export async function firstMessages(client: AdminClientLike, ranges: QueueRange[], keep?: (m: MessageView) => boolean): Promise<PreviewMessageDto[]> {
  const cursor = new RangeCursor(client, ranges, keep);
  const out: MessageView[] = [];
  // Bounded: a filter that matches little must not turn the preview into a scan.
  for (let i = 0; i < 8 && out.length < FIRST_SHOWN && !cursor.finished; i++) out.push(...(await cursor.take(PULL_BATCH)).messages);
  return out.slice(0, FIRST_SHOWN).map(toPreviewMessage);
}

function destinationOf(q: ReplayPreviewQuery): string {
  if (q.mode === 'copy') return q.target!;
  return q.mode === 'exact' ? RETRY_PREFIX + q.group! : q.group!;
}

async function assertTopicExists(client: AdminClientLike, topic: string): Promise<void> {
  try {
    await client.getTopicRoute(topic);
  } catch (err) {
    if ((err as { responseCode?: number }).responseCode === 17) throw new ConsoleError(404, 'TOPIC_NOT_FOUND', `topic ${topic} does not exist; create it first`);
    throw err;
  }
}

export async function previewReplay(q: ReplayPreviewQuery): Promise<ReplayPreviewDto> {
  return (await planReplay(admin(), q)).preview;
}

async function planReplay(client: AdminClientLike, q: ReplayPreviewQuery): Promise<{ preview: ReplayPreviewDto; ranges: QueueRange[] }> {
  if (q.mode === 'copy') await assertTopicExists(client, q.target!);
  const ranges = await rangesByTime(client, q.topic, q.from, q.to);
  const current = q.mode === 'group' ? await Promise.all(ranges.map((r) => client.queryConsumerOffset(q.group!, r.q).catch(() => null))) : [];
  const queues = ranges.map((r, i) => ({
    brokerName: r.q.brokerName,
    queueId: r.q.queueId,
    startOffset: r.start,
    endOffset: r.end,
    maxOffset: r.maxOffset,
    inRange: r.end - r.start,
    reconsume: r.maxOffset - r.start,
    currentOffset: q.mode === 'group' ? (current[i] ?? null) : null,
  }));
  const inRange = queues.reduce((n, x) => n + x.inRange, 0);
  const total = q.mode === 'group' ? queues.reduce((n, x) => n + x.reconsume, 0) : inRange;
  const limit = jobRunner().confirmLimit;
  const preview: ReplayPreviewDto = {
    mode: q.mode,
    topic: q.topic,
    from: q.from,
    to: q.to,
    destination: destinationOf(q),
    total,
    inRange,
    queues,
    first: await firstMessages(client, ranges),
    confirmLimit: limit,
    needsConfirm: total > limit,
  };
  return { preview, ranges: ranges.map(({ q: ref, start, end }) => ({ q: ref, start, end })) };
}

/** Sends each message of the ranges with `send`; a failed send counts as failed, the job goes on. */
export function sendingWork(client: AdminClientLike, ranges: QueueRange[], send: (m: MessageView) => Promise<unknown>, keep?: (m: MessageView) => boolean): JobWork {
  const cursor = new RangeCursor(client, ranges, keep);
  return {
    async step(max) {
      const { messages, skipped } = await cursor.take(max);
      let done = 0;
      let failed = 0;
      let error: string | undefined;
      for (const m of messages) {
        try {
          await send(m);
          done++;
        } catch (err) {
          failed++;
          error ??= `${m.msgId}: ${reason(err)}`;
        }
      }
      return { done, failed, skipped, finished: cursor.finished, error };
    },
  };
}

export async function startReplay(input: ReplayStartInput, user: string): Promise<ReplayStartDto> {
  const client = admin();
  const { preview, ranges } = await planReplay(client, input);
  const runner = jobRunner();
  if (input.mode === 'group') {
    assertConfirmed(preview.total, input.confirm, runner.confirmLimit);
    const reset = await client.resetOffsetByTime(input.group!, input.topic, input.from, true);
    // The broker's own search may land one message before `from` (Apache 4.9's does): the committed offsets are then
    // set to the exact starts the preview counted. A group online meanwhile got the broker's offsets, at most one
    // message earlier per queue (at least once, never a skip).
    await Promise.all(ranges.map((r) => client.updateConsumerOffset(input.group!, r.q, r.start)));
    return { mode: 'group', total: preview.total, reset };
  }
  const send =
    input.mode === 'copy'
      ? (m: MessageView) => client.sendMessage({ topic: input.target!, body: m.body, properties: resendProperties(m) })
      : (m: MessageView) => client.resendMessage(m, { group: input.group! });
  const job = runner.start({
    kind: input.mode === 'copy' ? 'replay.copy' : 'replay.exact',
    target: `${input.topic} → ${preview.destination}`,
    total: preview.total,
    ratePerSec: input.ratePerSec,
    confirm: input.confirm,
    user,
    detail: `${new Date(input.from).toISOString()} … ${new Date(input.to).toISOString()} of ${input.topic} to ${preview.destination}`,
    work: sendingWork(client, ranges, send),
  });
  return { mode: input.mode, total: preview.total, job };
}
