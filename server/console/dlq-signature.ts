/**
 * Failure signatures of dead letters: the original topic, tag, reconsume times and exception text. What a
 * dead letter carries: RETRY_TOPIC (set by the broker on the first send-back, Apache 4.9 and 5.x alike),
 * DLQ_ORIGIN_TOPIC (5.x brokers), the tags, and the reconsume count. No Apache client records why its
 * listener failed (4.9's CONSUMER_SEND_MSG_BACK and 5.x's ForwardMessageToDeadLetterQueue carry no reason),
 * so the exception slot stays empty for them.
 */
import type { DlqTrendDto, FailureSignatureDto } from '../../lib/dto/dlq';
import { originalTopicOf } from '../client/admin/message-admin';
import type { MessageView } from '../client/admin/types';
import { MessageConst } from '../common/message/message-const';

export interface FailureSignature {
  originalTopic: string | null;
  tags: string | null;
  reconsumeTimes: number;
  exception: string | null;
}

export function signatureOf(m: Pick<MessageView, 'topic' | 'properties' | 'tags' | 'reconsumeTimes'>): FailureSignature {
  return {
    originalTopic: m.properties[MessageConst.RETRY_TOPIC] ?? m.properties[MessageConst.DLQ_ORIGIN_TOPIC] ?? originalTopicOf(m),
    tags: m.tags ?? null,
    reconsumeTimes: m.reconsumeTimes,
    exception: null,
  };
}

export function signatureKey(s: FailureSignature): string {
  return JSON.stringify([s.originalTopic, s.tags, s.reconsumeTimes, s.exception]);
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Hourly points when the dead letters span at most this; daily ones otherwise. */
const HOURLY_SPAN_MS = 72 * HOUR_MS;
const MAX_DAYS = 90;

interface Acc extends FailureSignature {
  count: number;
  firstSeen: number;
  lastSeen: number;
}

/** Counts by signature and by hour, fed one message at a time (the incremental scan keeps one per DLQ). */
export class SignatureSummary {
  private readonly bySignature = new Map<string, Acc>();
  private readonly byHour = new Map<number, number>();
  count = 0;

  add(m: Pick<MessageView, 'topic' | 'properties' | 'tags' | 'reconsumeTimes' | 'storeTimestamp'>): void {
    const sig = signatureOf(m);
    const key = signatureKey(sig);
    const t = m.storeTimestamp;
    const acc = this.bySignature.get(key);
    if (acc) {
      acc.count++;
      acc.firstSeen = Math.min(acc.firstSeen, t);
      acc.lastSeen = Math.max(acc.lastSeen, t);
    } else this.bySignature.set(key, { ...sig, count: 1, firstSeen: t, lastSeen: t });
    const hour = Math.floor(t / HOUR_MS) * HOUR_MS;
    this.byHour.set(hour, (this.byHour.get(hour) ?? 0) + 1);
    this.count++;
  }

  countOf(key: string): number {
    return this.bySignature.get(key)?.count ?? 0;
  }

  /** Largest groups first. */
  signatures(): FailureSignatureDto[] {
    return [...this.bySignature.entries()]
      .map(([key, a]) => ({ key, ...a }))
      .sort((a, b) => b.count - a.count || b.lastSeen - a.lastSeen);
  }

  /** Dead letters per hour (or per day when they span more than three days), gaps filled with 0. */
  trend(): DlqTrendDto {
    if (this.byHour.size === 0) return { unit: 'hour', points: [] };
    const hours = [...this.byHour.keys()];
    const first = Math.min(...hours);
    const last = Math.max(...hours);
    const unit = last - first <= HOURLY_SPAN_MS ? 'hour' : 'day';
    const step = unit === 'hour' ? HOUR_MS : DAY_MS;
    const buckets = new Map<number, number>();
    for (const [h, n] of this.byHour) {
      const b = Math.floor(h / step) * step;
      buckets.set(b, (buckets.get(b) ?? 0) + n);
    }
    const end = Math.floor(last / step) * step;
    const start = Math.max(Math.floor(first / step) * step, end - (MAX_DAYS - 1) * DAY_MS);
    const points = [];
    for (let t = start; t <= end; t += step) points.push({ t, count: buckets.get(t) ?? 0 });
    return { unit, points };
  }
}
