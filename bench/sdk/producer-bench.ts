/**
 * `orbit bench producer`: load from the TS SDK's producer against any RocketMQ name server (Orbit or
 * Apache), like Apache's benchmark Producer. Prints a progress line every few seconds and a summary; the
 * last line is `RESULT key=value …` for scripts.
 *
 *   orbit bench producer [-n 127.0.0.1:9876] [-t BenchmarkTest] [-w 64] [-s 128] [--mode sync|async|oneway|batch]
 *                        [-b 32] [-d 0] [--warmup 3] [--interval 5] [--queues 8] [--tag TagA] [--keys]
 *
 * -d 0 runs until Ctrl-C. Modes: sync = each of -w loops awaits its SEND_OK; async = sendAsync with -w in
 * flight (its own retry rules); oneway = no reply, a send counts once written; batch = sendBatch of -b.
 */
import { parseArgs } from 'node:util';
import { Producer, type Message } from '../../server/client';
import { createTopic, fmt, out, quietClientLogs } from '../broker/common';
import { DEFAULT_NAMESRV, intOption } from './options';
import { runLoad } from './load-loop';

const MODES = ['sync', 'async', 'oneway', 'batch'] as const;
type Mode = (typeof MODES)[number];

export interface ProducerBenchArgs {
  namesrv: string;
  topic: string;
  concurrency: number;
  size: number;
  mode: Mode;
  batch: number;
  seconds: number;
  warmup: number;
  interval: number;
  queues: number;
  tag: string;
  keys: boolean;
}

export function parseProducerArgs(argv: string[]): ProducerBenchArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      namesrv: { type: 'string', short: 'n', default: DEFAULT_NAMESRV },
      topic: { type: 'string', short: 't', default: 'BenchmarkTest' },
      concurrency: { type: 'string', short: 'w', default: '64' },
      size: { type: 'string', short: 's', default: '128' },
      mode: { type: 'string', default: 'sync' },
      batch: { type: 'string', short: 'b', default: '32' },
      seconds: { type: 'string', short: 'd', default: '0' },
      warmup: { type: 'string', default: '3' },
      interval: { type: 'string', default: '5' },
      queues: { type: 'string', default: '8' },
      tag: { type: 'string', default: 'TagA' },
      keys: { type: 'boolean', short: 'k', default: false },
    },
  });
  const mode = values.mode as Mode;
  if (!MODES.includes(mode)) throw new Error(`--mode must be one of ${MODES.join(', ')} (got "${values.mode}")`);
  return {
    namesrv: values.namesrv,
    topic: values.topic,
    concurrency: intOption('concurrency', values.concurrency, 1),
    size: intOption('size', values.size, 1),
    mode,
    batch: intOption('batch', values.batch, 1),
    seconds: intOption('seconds', values.seconds, 0),
    warmup: intOption('warmup', values.warmup, 0),
    interval: intOption('interval', values.interval, 1),
    queues: intOption('queues', values.queues, 0),
    tag: values.tag,
    keys: values.keys,
  };
}

/** One operation of the chosen mode; resolves with the messages it sent. */
export function producerOp(producer: Producer, a: Pick<ProducerBenchArgs, 'topic' | 'size' | 'mode' | 'batch' | 'tag' | 'keys'>): () => Promise<number> {
  const body = Buffer.alloc(a.size, 0x61);
  let seq = 0;
  const message = (): Message => ({ topic: a.topic, tags: a.tag, body, ...(a.keys ? { keys: `k${seq++}` } : {}) });
  switch (a.mode) {
    case 'sync':
      return async () => {
        await producer.send(message());
        return 1;
      };
    case 'async':
      return async () => {
        await producer.sendAsync(message());
        return 1;
      };
    case 'oneway':
      return async () => {
        await producer.sendOneway(message());
        return 1;
      };
    case 'batch':
      return async () => {
        const msgs = Array.from({ length: a.batch }, message);
        await producer.sendBatch(msgs);
        return msgs.length;
      };
  }
}

export async function runProducerBench(argv: string[]): Promise<void> {
  quietClientLogs();
  const a = parseProducerArgs(argv);
  if (a.queues > 0) await createTopic(a.namesrv, a.topic, a.queues);
  const producer = new Producer({ namesrvAddr: a.namesrv, producerGroup: `BENCH_PRODUCER_${process.pid}`, compressMsgBodyOverHowmuch: Number.MAX_SAFE_INTEGER });
  await producer.start();
  out(
    `producer bench: ${a.mode}${a.mode === 'batch' ? ` of ${a.batch}` : ''}, ${a.concurrency} in flight, ${a.size} B, topic ${a.topic} via ${a.namesrv}, ` +
      `${a.warmup} s warm-up, ${a.seconds > 0 ? `${a.seconds} s` : 'until Ctrl-C'}`,
  );
  const run = runLoad({
    concurrency: a.concurrency,
    warmupSeconds: a.warmup,
    seconds: a.seconds,
    op: producerOp(producer, a),
    intervalMs: a.interval * 1000,
    onInterval: (w) =>
      out(
        `[${w.elapsedSeconds.toFixed(0).padStart(4)} s]${w.measuring ? '' : ' (warm-up)'} send ${fmt(w.tps)} msg/s, ` +
          `avg RT ${fmt(w.avgRtMs, 2)} ms, max RT ${fmt(w.maxRtMs, 1)} ms, failures ${w.failures}, total ${fmt(w.totalOk)}`,
      ),
    onFailure: (err) => process.stderr.write(`send failed: ${err instanceof Error ? err.message : String(err)}\n`),
  });
  const onSignal = (): void => run.stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const r = await run.done;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  await producer.shutdown();
  const per = a.mode === 'batch' ? ' (per batch)' : '';
  out(
    `\nsummary: ${fmt(r.tps)} msg/s over ${r.measuredSeconds.toFixed(1)} s; RT${per} avg ${fmt(r.rt.meanMs(), 2)} ms, ` +
      `p50 ${fmt(r.rt.quantileMs(0.5), 2)}, p99 ${fmt(r.rt.quantileMs(0.99), 2)}, p99.9 ${fmt(r.rt.quantileMs(0.999), 2)}, max ${fmt(r.rt.maxMs(), 1)} ms; ` +
      `failures ${r.failures}; ${fmt(r.totalOk)} sent in all`,
  );
  out(
    `RESULT send_tps=${Math.round(r.tps)} avg_rt_ms=${r.rt.meanMs().toFixed(3)} p50_rt_ms=${r.rt.quantileMs(0.5).toFixed(3)} ` +
      `p99_rt_ms=${r.rt.quantileMs(0.99).toFixed(3)} max_rt_ms=${r.rt.maxMs().toFixed(3)} failures=${r.failures} total_ok=${r.totalOk}`,
  );
}
