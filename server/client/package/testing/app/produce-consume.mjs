// A user's plain Node ESM program on the installed orbit-mq-client: no TypeScript, no loader, no repository.
// `node produce-consume.mjs HOST:PORT` sends in every mode, consumes with a push and a pull consumer, closes
// everything, and prints one JSON line of what it saw; the process must then exit by itself.
const unhandled = [];
process.on('unhandledRejection', (err) => unhandled.push(String(err)));

// Importing the SDK must read no environment variable and leave no listener, timer or socket behind. Its one
// dependency, pino, is loaded first: pino's own dependency thread-stream reads NODE_V8_COVERAGE when loaded, and
// this measures the SDK's code.
await import('pino');
const watched = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'uncaughtException', 'unhandledRejection', 'warning'];
const listenersBefore = watched.map((e) => process.listenerCount(e));
const resources = () => process.getActiveResourcesInfo().filter((r) => r !== 'CloseReq' && r !== 'FSReqCallback');
const resourcesBefore = resources();
const realEnv = process.env;
async function envReadsOf(load) {
  const reads = new Set();
  process.env = new Proxy(realEnv, {
    get(target, key) {
      if (typeof key === 'string') reads.add(key);
      return Reflect.get(target, key);
    },
  });
  try {
    return [await load(), reads];
  } finally {
    process.env = realEnv;
  }
}
// What Node's module loader reads for any file it loads (WATCH_REPORT_DEPENDENCIES), so it is not counted.
const { writeFileSync } = await import('node:fs');
writeFileSync(new URL('./import-baseline.mjs', import.meta.url), 'export {};\n');
const [, loaderReads] = await envReadsOf(() => import('./import-baseline.mjs'));
const [[sdk, { AdminClient }], sdkReads] = await envReadsOf(() => Promise.all([import('orbit-mq-client'), import('orbit-mq-client/admin')]));
const importEffects = {
  envReads: [...sdkReads].filter((k) => !loaderReads.has(k)),
  listenersAdded: watched.filter((e, i) => process.listenerCount(e) !== listenersBefore[i]),
  resourcesAdded: resources().filter((r, i) => r !== resourcesBefore[i]),
};

const { Producer, PushConsumer, PullConsumer, TransactionProducer, AbortError, MqError } = sdk;
const namesrvAddr = process.argv[2];
const run = `${process.pid}_${Date.now()}`;
const topic = `PackageTopic_${run}`;

async function waitFor(what, cond, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const producer = new Producer({ namesrvAddr, producerGroup: `pkg_pg_${run}` });
await producer.start();
const sync = await producer.send({ topic, tags: 'TagA', keys: ['order-1', 'user-1'], body: 'sync' });
const viaCallback = await new Promise((resolve, reject) =>
  producer.sendAsync({ topic, tags: 'TagA', body: 'async' }, { onSuccess: resolve, onException: reject }),
);
await producer.sendOneway({ topic, tags: 'TagA', body: 'oneway' });
const batch = await producer.sendBatch(['batch-1', 'batch-2'].map((body) => ({ topic, tags: 'TagA', body })));
await producer.send({ topic, tags: 'TagA', body: 'delayed', delayTimeLevel: 1 });
await producer.send({ topic, tags: 'TagB', body: 'other-tag' });
const abort = await producer.send({ topic, tags: 'TagA', body: 'never' }, { signal: AbortSignal.abort() }).then(
  () => 'sent',
  (err) => (err instanceof AbortError && err instanceof MqError ? err.code : String(err)),
);

const tx = new TransactionProducer({
  namesrvAddr,
  producerGroup: `pkg_tx_${run}`,
  transactionListener: { executeLocalTransaction: () => 'COMMIT_MESSAGE', checkLocalTransaction: () => 'COMMIT_MESSAGE' },
});
await tx.start();
const committed = await tx.sendMessageInTransaction({ topic, tags: 'TagA', body: 'transaction' });
await tx.close();

const pushed = new Map();
const consumer = new PushConsumer({ namesrvAddr, consumerGroup: `pkg_cg_${run}`, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
consumer.subscribe(topic, 'TagA');
consumer.registerMessageListenerConcurrently((msgs) => {
  for (const m of msgs) pushed.set(m.body.toString(), m);
  return 'CONSUME_SUCCESS';
});
await consumer.start();
const expected = ['sync', 'async', 'oneway', 'batch-1', 'batch-2', 'delayed', 'transaction'];
await waitFor('the pushed messages', () => expected.every((b) => pushed.has(b)));
await consumer.close();

const pull = new PullConsumer({ namesrvAddr, consumerGroup: `pkg_pull_${run}` });
await pull.start();
const pulled = [];
for (const mq of await pull.fetchSubscribeMessageQueues(topic)) {
  const r = await pull.pull(mq, '*', 0, 32, { signal: AbortSignal.timeout(10_000) });
  pulled.push(...r.msgFoundList.map((m) => m.body.toString()));
}
await pull.close();

const admin = new AdminClient({ namesrvAddr });
const clusters = Object.keys((await admin.getBrokerClusterInfo()).clusterAddrTable);
await admin.close();
await producer.close();

const keyed = pushed.get('sync');
console.log(
  JSON.stringify({
    importEffects,
    sendStatus: sync.sendStatus,
    asyncStatus: viaCallback.sendStatus,
    batchResults: batch.length,
    abort,
    transaction: committed.localTransactionState,
    pushed: [...pushed.keys()].sort(),
    keys: keyed.keys,
    tags: keyed.tags,
    pulled: pulled.sort(),
    clusters,
    unhandled,
  }),
);
