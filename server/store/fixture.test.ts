/** The checked-in v1 store must open and read back exactly what make-fixture.ts wrote. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeMessage } from '../common/message/message-decoder';
import { MessageSysFlag } from '../common/message/message-const';
import { DefaultMessageStore } from './default-message-store';
import { sha1, type FixtureRecord } from './fixtures/make-fixture';
import { GetMessageStatus } from './message-store';
import { smallConfig, tempDir } from './testing/store-test-util';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'v1');
const expected = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'expected.json'), 'utf8')) as {
  config: Record<string, number>;
  records: FixtureRecord[];
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function copyFixture(): string {
  const d = tempDir('orbit-fixture-');
  dirs.push(d);
  fs.cpSync(path.join(FIXTURE, 'store'), d, { recursive: true });
  return d;
}

async function readBack(s: DefaultMessageStore): Promise<void> {
  const inQueues = expected.records.filter((r) => (r.sysFlag & 0xc) !== MessageSysFlag.TRANSACTION_PREPARED_TYPE);
  for (const r of inQueues) {
    const g = await s.getMessage('g', r.topic, r.queueId, r.queueOffset, 1, 1 << 20);
    expect(g.status, `${r.topic}/${r.queueId}@${r.queueOffset}`).toBe(GetMessageStatus.FOUND);
    const rec = g.messages[0];
    expect(sha1(rec)).toBe(r.recordSha1);
    const m = decodeMessage(rec);
    expect(m.commitLogOffset).toBe(r.commitLogOffset);
    expect(m.storeTimestamp).toBe(r.storeTimestamp);
    expect(m.body.length).toBe(r.bodyLength);
    expect(sha1(m.body)).toBe(r.bodySha1);
    if (r.bodyText !== undefined) expect(m.body.toString('utf8')).toBe(r.bodyText);
    expect(m.properties).toEqual(r.properties);
    expect(m.offsetMsgId).toBe(r.offsetMsgId);
  }
  for (const r of expected.records) expect(sha1((await s.lookMessageByOffset(r.commitLogOffset))!)).toBe(r.recordSha1);
  // Queue extents: every queue holds exactly its records.
  const perQueue = new Map<string, number>();
  for (const r of inQueues) perQueue.set(`${r.topic}/${r.queueId}`, (perQueue.get(`${r.topic}/${r.queueId}`) ?? 0) + 1);
  for (const [k, n] of perQueue) {
    const [t, q] = k.split('/');
    expect(s.getMaxOffsetInQueue(t, Number(q)), k).toBe(n);
  }
  const byKey = await s.queryMessage('FixtureA', 'order-42', 10, 0, Number.MAX_SAFE_INTEGER);
  expect(byKey.messages.map((m) => decodeMessage(m).body.toString())).toEqual(['keyed']);
  const byUniq = await s.queryMessage('FixtureA', '0A0000010000000000000001', 10, 0, Number.MAX_SAFE_INTEGER);
  expect(byUniq.messages).toHaveLength(1);
  expect((await s.queryMessage('FixtureA', 'tx-1', 10, 0, Number.MAX_SAFE_INTEGER)).messages).toHaveLength(1);
  expect((await s.queryMessage('FixtureB', 'b2', 10, 0, Number.MAX_SAFE_INTEGER)).messages).toHaveLength(1);
  expect(s.getMaxPhyOffset()).toBeGreaterThan(65536);
}

describe('on-disk fixture v1', () => {
  it('opens the checked-in store and reads back the exact records', async () => {
    const d = copyFixture();
    const s = new DefaultMessageStore(smallConfig(d, expected.config));
    await s.start();
    try {
      expect(s.recovery!.crashed).toBe(false);
      expect(s.recovery!.scannedBytes).toBe(0);
      await readBack(s);
    } finally {
      await s.shutdown();
    }
  });

  it('rebuilds the same answers from the log alone (crash marker, no checkpoint, no derived files)', async () => {
    const d = copyFixture();
    fs.writeFileSync(path.join(d, 'abort'), '');
    fs.rmSync(path.join(d, 'checkpoint'));
    fs.rmSync(path.join(d, 'consumequeue'), { recursive: true });
    fs.rmSync(path.join(d, 'index'), { recursive: true });
    const s = new DefaultMessageStore(smallConfig(d, expected.config));
    await s.start();
    try {
      expect(s.recovery!.crashed).toBe(true);
      expect(s.recovery!.records).toBe(expected.records.length);
      await readBack(s);
    } finally {
      await s.shutdown();
    }
  });
});
