/**
 * `orbit bench grpc-client <publish|consume|latency> --json '<ClientArgs>'`: one workload of Apache's Node 5.x
 * client (rocketmq-client-nodejs) against a gRPC endpoint (`url`), in a process of its own, so that Orbit's proxy
 * and Apache's are driven by the same client the same way. Prints `RESULT {json}` and this process's CPU seconds.
 */
import { Producer, PushConsumer, SimpleConsumer, ConsumeResult, type MessageView } from 'rocketmq-client-nodejs';
import { sleep } from '../broker/common';
import { ConsumeClock, closedLoops, pacedLatency, randomBody } from '../compare/measure';
import type { ClientArgs, ConsumeResult as ConsumeFigures } from '../compare/types';

const quiet = { info() {}, warn() {}, error() {}, debug() {} };

async function producer(a: ClientArgs): Promise<Producer> {
  const p = new Producer({ endpoints: a.url, namespace: '', topics: [a.stream], logger: quiet } as never);
  await p.startup();
  return p;
}

async function publish(a: ClientArgs) {
  const p = await producer(a);
  const body = randomBody(a.size);
  try {
    return await closedLoops(a, 1, async () => {
      await p.send({ topic: a.stream, body });
      return 1;
    }, 'grpc publish');
  } finally {
    await p.shutdown();
  }
}

/** Receive + ack with `concurrency` receive loops (32 per receive) until `expect` messages were acknowledged. */
async function consume(a: ClientArgs): Promise<ConsumeFigures> {
  const c = new SimpleConsumer({ endpoints: a.url, namespace: '', consumerGroup: a.group, subscriptions: new Map([[a.stream, '*']]), awaitDuration: 5000, logger: quiet } as never);
  await c.startup();
  const clock = new ConsumeClock();
  const deadline = performance.now() + a.timeoutSeconds * 1000;
  let failures = 0;
  const loop = async () => {
    while (clock.count < a.expect && performance.now() < deadline) {
      let got: MessageView[];
      try {
        got = await c.receive(32, 30_000);
      } catch {
        failures++;
        await sleep(10);
        continue;
      }
      await Promise.all(got.map((m) => c.ack(m).then(() => clock.tick(), () => failures++)));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, a.concurrency) }, loop));
  } finally {
    await c.shutdown();
  }
  if (failures) process.stderr.write(`grpc consume: ${failures} failed calls\n`);
  return { tps: clock.tps(), consumed: clock.count };
}

async function latency(a: ClientArgs) {
  const p = await producer(a);
  try {
    return await pacedLatency(
      a,
      async (onMessage) => {
        const c = new PushConsumer({
          endpoints: a.url,
          namespace: '',
          consumerGroup: a.group,
          subscriptions: new Map([[a.stream, '*']]),
          logger: quiet,
          messageListener: {
            consume: async (m: MessageView) => {
              onMessage(m.body);
              return ConsumeResult.SUCCESS;
            },
          },
        } as never);
        await c.startup();
        // Let the consumer's first assignment scan and receive calls start before the paced sends begin.
        await sleep(3000);
        return { stop: () => c.shutdown() };
      },
      (body) => p.send({ topic: a.stream, body }),
    );
  } finally {
    await p.shutdown();
  }
}

const WORKLOADS = { publish, consume, latency } as const;

export async function runGrpcClient(argv: string[]): Promise<void> {
  const workload = argv[0] as keyof typeof WORKLOADS;
  const fn = WORKLOADS[workload];
  if (!fn) throw new Error(`unknown workload "${argv[0]}" (${Object.keys(WORKLOADS).join(', ')})`);
  const at = argv.indexOf('--json');
  if (at < 0 || !argv[at + 1]) throw new Error('missing --json <ClientArgs>');
  const args = JSON.parse(argv[at + 1]) as ClientArgs;
  const cpu0 = process.cpuUsage();
  const result = await fn(args);
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(`RESULT ${JSON.stringify({ ...result, clientCpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`);
  // The client keeps timers and channels alive after shutdown.
  process.exit(0);
}
