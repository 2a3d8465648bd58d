/**
 * DLQ triage and replay through the console's façade against a real cluster (`orbit namesrv` + `orbit
 * broker` processes): dead letters made by CONSUMER_SEND_MSG_BACK, grouped, paged newest first, republished
 * by a job, purged; a time range of a topic previewed, copied, replayed exactly and by offset reset.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterFixture } from '../../e2e/support/cluster-fixture';
import type { ClusterHandle } from '../../interop/apache/apache-cluster';
import { startOrbitCluster } from '../../interop/support/orbit-cluster';
import { setConsoleEnv } from '../common/config';
import { shutdownAdminClients } from './admin-client-cache';
import { getDlqPage, getDlqSummary, previewRepublish, purgeDlq, startRepublish } from './dlq-triage';
import { jobRunner } from './jobs/job-registry';
import { previewReplay, startReplay } from './replay';

const run = `${process.pid}_${Date.now() % 1_000_000}`;
const topic = `DlqT_${run}`;
const copyTarget = `DlqCopy_${run}`;
const group = `dlq_g_${run}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cluster: ClusterHandle;
let fixture: ClusterFixture;

beforeAll(async () => {
  cluster = await startOrbitCluster();
  setConsoleEnv({ namesrv: cluster.namesrvAddr, dataDir: mkdtempSync(path.join(tmpdir(), 'orbit-dlq-int-')) });
  fixture = new ClusterFixture(cluster.namesrvAddr);
  for (let i = 0; i < 100; i++) {
    if (Object.keys((await fixture.admin.getBrokerClusterInfo().catch(() => ({ brokerAddrTable: {} }))).brokerAddrTable).length) break;
    await sleep(200);
  }
  await fixture.createTopic(topic, 1);
  await fixture.createTopic(copyTarget, 2);
  await fixture.registerLaggingGroup(group, topic, 1);
  await fixture.deadLetter(group, topic, 5);
}, 90_000);

afterAll(async () => {
  await fixture?.close();
  await shutdownAdminClients();
  await cluster?.stop();
}, 60_000);

async function retryDepth(): Promise<number> {
  return fixture.admin.topicDepth(`%RETRY%${group}`);
}

describe('DLQ triage against Orbit', () => {
  it('groups the dead letters by failure signature and pages them newest first', async () => {
    let summary = await getDlqSummary(group);
    for (let i = 0; i < 20 && !summary.complete; i++) summary = await getDlqSummary(group);
    expect(summary).toMatchObject({ exists: true, total: 5, scanned: 5, complete: true, purged: 0 });
    expect(summary.signatures).toHaveLength(1);
    expect(summary.signatures[0]).toMatchObject({ originalTopic: topic, tags: 'e2e', count: 5, exception: null });
    expect(summary.trend.points.reduce((n, p) => n + p.count, 0)).toBe(5);

    const page = await getDlqPage(group, 1, 2);
    expect(page.total).toBe(5);
    expect(page.items.map((m) => m.queueOffset)).toEqual([4, 3]);
    const last = await getDlqPage(group, 3, 2);
    expect(last.items.map((m) => m.queueOffset)).toEqual([0]);
  });

  it('republishes a signature group into %RETRY%group through a job', async () => {
    const { signatures } = await getDlqSummary(group);
    const preview = await previewRepublish(group, { signature: signatures[0].key, to: 'retry' });
    expect(preview).toMatchObject({ count: 5, destinations: [`%RETRY%${group}`], needsConfirm: false });
    expect(preview.first).toHaveLength(5);
    const before = await retryDepth();
    const { job } = await startRepublish(group, { signature: signatures[0].key, to: 'retry', ratePerSec: 1000 }, 'tester');
    const end = await jobRunner().settled(job.id);
    expect(end).toMatchObject({ status: 'done', done: 5, failed: 0, user: 'tester', kind: 'dlq.republish' });
    expect(await retryDepth()).toBe(before + 5);
  });

  it('republishes a selection to the original topic', async () => {
    const page = await getDlqPage(group, 1, 2);
    const before = await fixture.admin.topicDepth(topic);
    const { job } = await startRepublish(group, { ids: page.items.map((m) => m.offsetMsgId), to: 'original', ratePerSec: 1000 }, 'tester');
    expect(await jobRunner().settled(job.id)).toMatchObject({ status: 'done', done: 2 });
    expect(await fixture.admin.topicDepth(topic)).toBe(before + 2);
  });

  it('purges only with the live count confirmed, then hides what was there', async () => {
    await expect(purgeDlq(group, 4)).rejects.toMatchObject({ code: 'CONFIRM_MISMATCH' });
    expect((await purgeDlq(group, 5)).purged).toBe(5);
    const summary = await getDlqSummary(group);
    expect(summary).toMatchObject({ total: 0, purged: 5, signatures: [] });
    expect((await getDlqPage(group, 1, 20)).total).toBe(0);
    // A new dead letter shows up above the mark.
    await fixture.deadLetter(group, topic, 1);
    let after = await getDlqSummary(group);
    for (let i = 0; i < 20 && !after.complete; i++) after = await getDlqSummary(group);
    expect(after).toMatchObject({ total: 1, purged: 5 });
    expect(after.signatures[0].count).toBe(1);
  });
});

describe('replay against Orbit', () => {
  let t1 = 0;
  let stored = 0;

  beforeAll(async () => {
    stored = await fixture.admin.topicDepth(topic);
    await sleep(20);
    t1 = Date.now();
    await sleep(5);
    await fixture.send(topic, 3);
  });

  it('previews a range: the count per queue and the first messages', async () => {
    const p = await previewReplay({ mode: 'copy', topic, from: t1, to: Date.now(), target: copyTarget });
    expect(p).toMatchObject({ total: 3, inRange: 3, destination: copyTarget });
    expect(p.queues[0]).toMatchObject({ startOffset: stored, endOffset: stored + 3 });
    expect(p.first).toHaveLength(3);
    const all = await previewReplay({ mode: 'copy', topic, from: 0, to: t1, target: copyTarget });
    expect(all.total).toBe(stored);
  });

  it('copies a range to another topic with a job', async () => {
    const r = await startReplay({ mode: 'copy', topic, from: t1, to: Date.now(), target: copyTarget, ratePerSec: 1000 }, 'tester');
    if (r.mode === 'group') throw new Error('expected a job');
    expect(await jobRunner().settled(r.job.id)).toMatchObject({ status: 'done', done: 3, total: 3 });
    expect(await fixture.admin.topicDepth(copyTarget)).toBe(3);
  });

  it('re-delivers exactly the range through %RETRY%group', async () => {
    const before = await retryDepth();
    const r = await startReplay({ mode: 'exact', topic, from: t1, to: Date.now(), group, ratePerSec: 1000 }, 'tester');
    if (r.mode === 'group') throw new Error('expected a job');
    expect(await jobRunner().settled(r.job.id)).toMatchObject({ status: 'done', done: 3 });
    expect(await retryDepth()).toBe(before + 3);
  });

  it('resets the group to the range start, saying how much each queue re-consumes', async () => {
    const p = await previewReplay({ mode: 'group', topic, from: t1, to: t1 + 1, group });
    expect(p.queues[0]).toMatchObject({ reconsume: 3, currentOffset: 0 });
    expect(p.total).toBe(3);
    const r = await startReplay({ mode: 'group', topic, from: t1, to: Date.now(), group, ratePerSec: 100 }, 'tester');
    if (r.mode !== 'group') throw new Error('expected a reset');
    expect(r.reset.offsets).toEqual([expect.objectContaining({ queueId: 0, offset: stored })]);
    expect(await fixture.admin.queryConsumerOffset(group, { topic, brokerName: p.queues[0].brokerName, queueId: 0 })).toBe(stored);
  });

  it('refuses above the limit unless the previewed count is confirmed', async () => {
    const runner = jobRunner() as unknown as { confirmLimit: number };
    const limit = runner.confirmLimit;
    runner.confirmLimit = 2;
    try {
      await expect(startReplay({ mode: 'copy', topic, from: t1, to: Date.now(), target: copyTarget, ratePerSec: 1000 }, 'tester')).rejects.toMatchObject({ code: 'CONFIRM_REQUIRED' });
      const r = await startReplay({ mode: 'copy', topic, from: t1, to: Date.now(), target: copyTarget, ratePerSec: 1000, confirm: 3 }, 'tester');
      if (r.mode === 'group') throw new Error('expected a job');
      await jobRunner().settled(r.job.id);
    } finally {
      runner.confirmLimit = limit;
    }
  });
});
