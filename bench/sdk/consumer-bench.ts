/**
 * `orbit bench consumer`: a TS SDK push consumer counting what it receives, like Apache's benchmark
 * Consumer: TPS and the born→consume and store→consume delays (from the messages' born and store
 * timestamps, so ms resolution; producer, broker and consumer should share a clock).
 *
 *   orbit bench consumer [-n 127.0.0.1:9876] [-t BenchmarkTest] [-g group] [--from last|first] [-e tag-expr]
 *                        [-d 0] [--expect 0] [--interval 5] [--batch-size 32] [--pull-batch-size 32]
 *
 * Ends after -d seconds, once --expect messages arrived, or on Ctrl-C. Last line: `RESULT key=value …`.
 */
import { parseArgs } from 'node:util';
import { PushConsumer } from '../../server/client';
import { fmt, out, quietClientLogs } from '../broker/common';
import { DEFAULT_NAMESRV, intOption } from './options';
import { LatencyHistogram } from './histogram';

export interface ConsumerBenchArgs {
  namesrv: string;
  topic: string;
  group: string;
  from: 'first' | 'last';
  expression: string;
  seconds: number;
  expect: number;
  interval: number;
  batchSize: number;
  pullBatchSize: number;
}

export function parseConsumerArgs(argv: string[]): ConsumerBenchArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      namesrv: { type: 'string', short: 'n', default: DEFAULT_NAMESRV },
      topic: { type: 'string', short: 't', default: 'BenchmarkTest' },
      group: { type: 'string', short: 'g', default: `benchmark_consumer_${process.pid}` },
      from: { type: 'string', default: 'last' },
      expression: { type: 'string', short: 'e', default: '*' },
      seconds: { type: 'string', short: 'd', default: '0' },
      expect: { type: 'string', default: '0' },
      interval: { type: 'string', default: '5' },
      'batch-size': { type: 'string', default: '32' },
      'pull-batch-size': { type: 'string', default: '32' },
    },
  });
  if (values.from !== 'first' && values.from !== 'last') throw new Error(`--from must be first or last (got "${values.from}")`);
  return {
    namesrv: values.namesrv,
    topic: values.topic,
    group: values.group,
    from: values.from,
    expression: values.expression,
    seconds: intOption('seconds', values.seconds, 0),
    expect: intOption('expect', values.expect, 0),
    interval: intOption('interval', values.interval, 1),
    batchSize: intOption('batch-size', values['batch-size'], 1),
    pullBatchSize: intOption('pull-batch-size', values['pull-batch-size'], 1),
  };
}

export async function runConsumerBench(argv: string[]): Promise<void> {
  quietClientLogs();
  const a = parseConsumerArgs(argv);
  const born = new LatencyHistogram();
  const stored = new LatencyHistogram();
  const wBorn = new LatencyHistogram();
  const wStored = new LatencyHistogram();
  let total = 0;
  let windowCount = 0;
  let firstAt = NaN;
  let lastAt = NaN;
  let finish: () => void = () => {};
  const finished = new Promise<void>((r) => (finish = r));

  const consumer = new PushConsumer({
    namesrvAddr: a.namesrv,
    consumerGroup: a.group,
    consumeFromWhere: a.from === 'first' ? 'CONSUME_FROM_FIRST_OFFSET' : 'CONSUME_FROM_LAST_OFFSET',
    consumeMessageBatchMaxSize: a.batchSize,
    pullBatchSize: a.pullBatchSize,
  });
  consumer.subscribe(a.topic, a.expression);
  consumer.registerMessageListenerConcurrently((msgs) => {
    const now = Date.now();
    if (Number.isNaN(firstAt)) firstAt = performance.now();
    for (const m of msgs) {
      born.recordMs(now - m.bornTimestamp);
      stored.recordMs(now - m.storeTimestamp);
      wBorn.recordMs(now - m.bornTimestamp);
      wStored.recordMs(now - m.storeTimestamp);
    }
    total += msgs.length;
    windowCount += msgs.length;
    lastAt = performance.now();
    if (a.expect > 0 && total >= a.expect) finish();
    return 'CONSUME_SUCCESS';
  });
  await consumer.start();
  out(
    `consumer bench: group ${a.group} on ${a.topic} (${a.expression}) via ${a.namesrv}, from ${a.from}, ` +
      `${a.seconds > 0 ? `${a.seconds} s` : a.expect > 0 ? `until ${a.expect} messages` : 'until Ctrl-C'}`,
  );
  const t0 = performance.now();
  let lastTick = t0;
  const tick = setInterval(() => {
    const now = performance.now();
    out(
      `[${((now - t0) / 1000).toFixed(0).padStart(4)} s] consume ${fmt((windowCount * 1000) / (now - lastTick))} msg/s, ` +
        `born→consume avg ${fmt(wBorn.meanMs(), 1)} / max ${fmt(wBorn.maxMs(), 0)} ms, store→consume avg ${fmt(wStored.meanMs(), 1)} / max ${fmt(wStored.maxMs(), 0)} ms, total ${fmt(total)}`,
    );
    lastTick = now;
    windowCount = 0;
    wBorn.reset();
    wStored.reset();
  }, a.interval * 1000);
  const endTimer = a.seconds > 0 ? setTimeout(finish, a.seconds * 1000) : undefined;
  process.once('SIGINT', finish);
  process.once('SIGTERM', finish);
  await finished;
  clearInterval(tick);
  clearTimeout(endTimer);
  process.off('SIGINT', finish);
  process.off('SIGTERM', finish);
  await consumer.shutdown();

  const secs = (lastAt - firstAt) / 1000;
  const tps = total > 1 && secs > 0 ? total / secs : 0;
  const pct = (h: LatencyHistogram): string =>
    `p50 ${fmt(h.quantileMs(0.5), 0)}, p99 ${fmt(h.quantileMs(0.99), 0)}, p99.9 ${fmt(h.quantileMs(0.999), 0)}, max ${fmt(h.maxMs(), 0)} ms`;
  out(`\nsummary: ${fmt(total)} messages, ${fmt(tps)} msg/s from first to last; born→consume ${pct(born)}; store→consume ${pct(stored)}`);
  out(
    `RESULT consumed=${total} consume_tps=${Math.round(tps)} born_p50_ms=${born.quantileMs(0.5)} born_p99_ms=${born.quantileMs(0.99)} ` +
      `born_max_ms=${born.maxMs()} store_p50_ms=${stored.quantileMs(0.5)} store_p99_ms=${stored.quantileMs(0.99)} store_max_ms=${stored.maxMs()}`,
  );
}
