/**
 * Put/get counters per topic and per group, kept as a short per-second history so TPS can be read over
 * the last minute (what Apache's BrokerStatsManager offers for VIEW_BROKER_STATS_DATA and runtime info).
 */

/** Names used by Apache's BrokerStatsManager; the dashboard asks for these. */
export const StatsName = {
  TOPIC_PUT_NUMS: 'TOPIC_PUT_NUMS',
  TOPIC_PUT_SIZE: 'TOPIC_PUT_SIZE',
  GROUP_GET_NUMS: 'GROUP_GET_NUMS',
  GROUP_GET_SIZE: 'GROUP_GET_SIZE',
  BROKER_PUT_NUMS: 'BROKER_PUT_NUMS',
  BROKER_GET_NUMS: 'BROKER_GET_NUMS',
} as const;

const WINDOW_SECONDS = 60;

/** A counter with a per-second ring for the last minute and a per-minute ring for the last hour. */
class StatsItem {
  total = 0;
  private readonly secs = new Float64Array(WINDOW_SECONDS);
  private readonly mins = new Float64Array(60);
  private secStamp = 0;
  private minStamp = 0;

  add(n: number, nowSec: number): void {
    this.roll(nowSec);
    this.secs[nowSec % WINDOW_SECONDS] += n;
    this.mins[Math.floor(nowSec / 60) % 60] += n;
    this.total += n;
  }

  private roll(nowSec: number): void {
    if (this.secStamp !== nowSec) {
      const gap = Math.min(WINDOW_SECONDS, nowSec - this.secStamp);
      for (let i = 1; i <= gap; i++) this.secs[(this.secStamp + i) % WINDOW_SECONDS] = 0;
      this.secStamp = nowSec;
    }
    const nowMin = Math.floor(nowSec / 60);
    if (this.minStamp !== nowMin) {
      const gap = Math.min(60, nowMin - this.minStamp);
      for (let i = 1; i <= gap; i++) this.mins[(this.minStamp + i) % 60] = 0;
      this.minStamp = nowMin;
    }
  }

  /** Sum over the last `seconds` full seconds (the current partial second excluded). */
  sumLast(seconds: number, nowSec: number): number {
    this.roll(nowSec);
    let s = 0;
    for (let i = 1; i <= Math.min(seconds, WINDOW_SECONDS - 1); i++) s += this.secs[(nowSec - i + WINDOW_SECONDS * 2) % WINDOW_SECONDS];
    return s;
  }

  sumLastMinutes(minutes: number, nowSec: number): number {
    this.roll(nowSec);
    const nowMin = Math.floor(nowSec / 60);
    let s = 0;
    for (let i = 1; i <= Math.min(minutes, 59); i++) s += this.mins[(nowMin - i + 120) % 60];
    return s;
  }
}

export interface StatsSnapshot {
  sum: number;
  tps: number;
  avgpt: number;
}

export interface BrokerStatsData {
  statsMinute: StatsSnapshot;
  statsHour: StatsSnapshot;
  statsDay: StatsSnapshot;
}

export class BrokerStats {
  private readonly items = new Map<string, Map<string, StatsItem>>();
  private readonly bootTime = Date.now();
  private dayStart = startOfDay(Date.now());
  /** The next local midnight: before it the day cannot have changed, which spares a Date per counted request. */
  private dayEnd = nextDayStart(this.dayStart);
  private putToday = 0;
  private getToday = 0;
  private putYesterday = 0;
  private putBytesTotal = 0;
  private putMsgsTotal = 0;
  private getYesterday = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  private item(name: string, key: string): StatsItem {
    let byKey = this.items.get(name);
    if (!byKey) this.items.set(name, (byKey = new Map()));
    let it = byKey.get(key);
    if (!it) byKey.set(key, (it = new StatsItem()));
    return it;
  }

  private nowSec(): number {
    return Math.floor(this.clock() / 1000);
  }

  private rollDay(): void {
    const now = this.clock();
    if (now >= this.dayStart && now < this.dayEnd) return;
    const d = startOfDay(now);
    if (d !== this.dayStart) {
      this.putYesterday = this.putToday;
      this.getYesterday = this.getToday;
      this.putToday = 0;
      this.getToday = 0;
      this.dayStart = d;
    }
    this.dayEnd = nextDayStart(this.dayStart);
  }

  incTopicPut(topic: string, msgs: number, bytes: number): void {
    const s = this.nowSec();
    this.rollDay();
    this.item(StatsName.TOPIC_PUT_NUMS, topic).add(msgs, s);
    this.item(StatsName.TOPIC_PUT_SIZE, topic).add(bytes, s);
    this.item(StatsName.BROKER_PUT_NUMS, '').add(msgs, s);
    this.putToday += msgs;
    this.putMsgsTotal += msgs;
    this.putBytesTotal += bytes;
  }

  incGroupGet(group: string, topic: string, msgs: number, bytes: number): void {
    const s = this.nowSec();
    this.rollDay();
    const key = `${topic}@${group}`;
    this.item(StatsName.GROUP_GET_NUMS, key).add(msgs, s);
    this.item(StatsName.GROUP_GET_SIZE, key).add(bytes, s);
    this.item(StatsName.BROKER_GET_NUMS, '').add(msgs, s);
    this.getToday += msgs;
  }

  /** Messages per second over the last `seconds` (default 10). */
  tps(name: string, key: string, seconds = 10): number {
    const it = this.items.get(name)?.get(key);
    if (!it) return 0;
    return it.sumLast(seconds, this.nowSec()) / seconds;
  }

  /** VIEW_BROKER_STATS_DATA's body, or undefined when nothing was counted under that key. */
  statsData(name: string, key: string): BrokerStatsData | undefined {
    const it = this.items.get(name)?.get(key);
    if (!it) return undefined;
    const s = this.nowSec();
    const minute = it.sumLast(59, s);
    const hour = it.sumLastMinutes(59, s);
    return {
      statsMinute: { sum: minute, tps: minute / 59, avgpt: 0 },
      statsHour: { sum: hour, tps: hour / 3540, avgpt: 0 },
      statsDay: { sum: it.total, tps: it.total / Math.max(1, (this.clock() - this.bootTime) / 1000), avgpt: 0 },
    };
  }

  /** The runtime-info entries Apache reports for throughput. */
  runtimeEntries(): Record<string, string> {
    this.rollDay();
    const put = this.tps(StatsName.BROKER_PUT_NUMS, '');
    const get = this.tps(StatsName.BROKER_GET_NUMS, '');
    const f = (n: number) => n.toFixed(2);
    return {
      msgPutTotalTodayNow: String(this.putToday),
      msgGetTotalTodayNow: String(this.getToday),
      msgPutTotalTodayMorning: '0',
      msgGetTotalTodayMorning: '0',
      msgPutTotalYesterdayMorning: String(this.putYesterday),
      msgGetTotalYesterdayMorning: String(this.getYesterday),
      putTps: `${f(put)} ${f(put)} ${f(put)}`,
      getTransferedTps: `${f(get)} ${f(get)} ${f(get)}`,
      getFoundTps: `${f(get)} ${f(get)} ${f(get)}`,
      getTotalTps: `${f(get)} ${f(get)} ${f(get)}`,
      getMissTps: '0.00 0.00 0.00',
      putMessageTimesTotal: String(this.putMsgsTotal),
      putMessageSizeTotal: String(this.putBytesTotal),
      putMessageAverageSize: (this.putMsgsTotal ? this.putBytesTotal / this.putMsgsTotal : 0).toFixed(1),
    };
  }
}

function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

function nextDayStart(dayStart: number): number {
  const d = new Date(dayStart);
  d.setDate(d.getDate() + 1);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
