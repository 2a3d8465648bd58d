/**
 * Named crash cases for a CommitLog whose unacknowledged tail is damaged while the broker is down, and for torn
 * derived files. After each, every queue must read back exactly the records that survived — each one decodable,
 * at its own queue offset, with the body that was written — and the store must keep appending. The tail damage is
 * applied from record DAMAGE_AT on (the records before it stand for the acknowledged ones).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeMessage } from '../common/message/message-decoder';
import type { DefaultMessageStore } from './default-message-store';
import { GetMessageStatus, PutMessageStatus, type MessageStoreConfig } from './message-store';
import { makeMsg, openStore, tempDir } from './testing/store-test-util';

const SEG0 = '00000000000000000000';
const TOTAL = 40;
const DAMAGE_AT = 30;

const dirs: string[] = [];
const stores: DefaultMessageStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.shutdown();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

interface Written {
  queueId: number;
  queueOffset: number;
  body: string;
  phy: number;
  size: number;
}

async function open(root: string, over: Partial<MessageStoreConfig> & Record<string, unknown> = {}): Promise<DefaultMessageStore> {
  const s = await openStore(root, over);
  stores.push(s);
  return s;
}

async function crash(s: DefaultMessageStore): Promise<void> {
  await s.halt();
  stores.splice(stores.indexOf(s), 1);
}

async function write(s: DefaultMessageStore, n: number, tag: string, out: Written[]): Promise<void> {
  for (let i = 0; i < n; i++) {
    const body = `${tag}-${out.length}-${'x'.repeat(i % 7)}`;
    const r = await s.putMessage(makeMsg({ queueId: out.length % 2, body, keys: [`k-${tag}-${i}`], tags: 'T', extraProps: { seq: String(out.length) } }));
    expect(r.status).toBe(PutMessageStatus.PUT_OK);
    const a = r.appendResult!;
    out.push({ queueId: out.length % 2, queueOffset: a.logicsOffset, body, phy: a.wroteOffset, size: a.wroteBytes });
  }
}

/** A store with TOTAL records, checkpointed after 10, crashed: the tail past the checkpoint is re-dispatched. */
async function crashedStore(over: Record<string, unknown> = {}): Promise<{ root: string; written: Written[] }> {
  const root = tempDir();
  dirs.push(root);
  const s = await open(root, over);
  const written: Written[] = [];
  await write(s, 10, 'a', written);
  await s.checkpointNow();
  await write(s, TOTAL - 10, 'a', written);
  await crash(s);
  return { root, written };
}

function patchFile(file: string, offset: number, bytes: Buffer): void {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, bytes, 0, bytes.length, offset);
  fs.closeSync(fd);
}

const logFile = (root: string): string => path.join(root, 'commitlog', SEG0);

/**
 * Reads every queue from its min offset: each record must decode, sit at its queue offset and hold the body
 * written there; returns the bodies per queue. A MESSAGE_DAMAGED answer or a decode error fails the test.
 */
async function readAll(s: DefaultMessageStore, written: Written[]): Promise<string[][]> {
  const byPlace = new Map(written.map((w) => [`${w.queueId}/${w.queueOffset}`, w.body]));
  const out: string[][] = [[], []];
  for (const q of [0, 1]) {
    let off = s.getMinOffsetInQueue('TopicTest', q);
    const max = s.getMaxOffsetInQueue('TopicTest', q);
    while (off < max) {
      const g = await s.getMessage('g', 'TopicTest', q, off, 8, 1 << 20);
      expect(g.status, `queue ${q} at ${off}: ${g.damage ?? ''}`).toBe(GetMessageStatus.FOUND);
      for (const rec of g.messages) {
        const m = decodeMessage(rec);
        expect(m.queueOffset).toBe(off);
        expect(m.queueId).toBe(q);
        expect(m.body.toString()).toBe(byPlace.get(`${q}/${off}`));
        out[q].push(m.body.toString());
        off++;
      }
    }
  }
  return out;
}

const bodiesOf = (ws: Written[], q: number): string[] => ws.filter((w) => w.queueId === q).map((w) => w.body);

/** Reopens after damage, checks the survivors, appends, crashes again soon, reopens and checks again. */
async function survivesTwoCrashes(root: string, written: Written[], survivors: number): Promise<void> {
  const s = await open(root);
  const kept = written.slice(0, survivors);
  expect(s.recovery!.validEnd).toBe(kept.length ? kept[kept.length - 1].phy + kept[kept.length - 1].size : 0);
  const got = await readAll(s, kept);
  expect(got[0]).toEqual(bodiesOf(kept, 0));
  expect(got[1]).toEqual(bodiesOf(kept, 1));
  // New records reuse the queue offsets and log bytes the cut freed; a second crash soon after must not resurrect
  // anything of the old tail.
  const again = [...kept];
  await write(s, 12, 'b', again);
  await crash(s);
  const s2 = await open(root);
  const got2 = await readAll(s2, again);
  expect(got2[0]).toEqual(bodiesOf(again, 0));
  expect(got2[1]).toEqual(bodiesOf(again, 1));
  await write(s2, 1, 'c', again);
  expect((await readAll(s2, again))[0].length + (await readAll(s2, again))[1].length).toBe(again.length);
}

describe('torn CommitLog tail', () => {
  it('zeroed tail: the log ends at the first zeroed record', async () => {
    const { root, written } = await crashedStore();
    const at = written[DAMAGE_AT].phy + 5;
    const end = written[TOTAL - 1].phy + written[TOTAL - 1].size;
    patchFile(logFile(root), at, Buffer.alloc(end - at + 100));
    await survivesTwoCrashes(root, written, DAMAGE_AT);
  });

  it('random tail: random bytes from inside a record to past the end', async () => {
    const { root, written } = await crashedStore();
    patchFile(logFile(root), written[DAMAGE_AT].phy + 17, crypto.randomBytes(4096));
    await survivesTwoCrashes(root, written, DAMAGE_AT);
  });

  it('torn inside a record header: queue id and queue offset overwritten, sizes and body intact', async () => {
    const { root, written } = await crashedStore();
    // Bytes 12..28 are queueId, flag and queueOffset: no length, offset or body check sees them.
    patchFile(logFile(root), written[DAMAGE_AT].phy + 12, crypto.randomBytes(16));
    await survivesTwoCrashes(root, written, DAMAGE_AT);
  });

  it('torn inside the properties: only the whole-record CRC sees it', async () => {
    const { root, written } = await crashedStore();
    const w = written[DAMAGE_AT];
    // Inside the properties (which end with the 20-byte CRC item): lengths and body stay valid.
    patchFile(logFile(root), w.phy + w.size - 30, Buffer.from('ZZZZ'));
    await survivesTwoCrashes(root, written, DAMAGE_AT);
  });

  it('torn CRC item itself: a record that lost it is refused, not taken for an old-format record', async () => {
    const { root, written } = await crashedStore();
    const w = written[DAMAGE_AT];
    patchFile(logFile(root), w.phy + w.size - 20, Buffer.from('X'));
    await survivesTwoCrashes(root, written, DAMAGE_AT);
  });

  it('second crash during re-dispatch: recovery changed the files, no checkpoint yet', async () => {
    const { root, written } = await crashedStore();
    patchFile(logFile(root), written[DAMAGE_AT].phy + 40, crypto.randomBytes(300));
    await expect(openStore(root, { afterRecoveryForTest: () => { throw new Error('killed'); } })).rejects.toThrow('killed');
    await survivesTwoCrashes(root, written, DAMAGE_AT);
  });

  it('repeated tears and crashes never serve a record of the old tail (random rounds)', async () => {
    const { root, written } = await crashedStore();
    let live = [...written];
    for (let round = 0; round < 6; round++) {
      const cut = live.length - 1 - (round % 4);
      const w = live[cut];
      const bytes = round % 2 ? crypto.randomBytes(64 + round * 100) : Buffer.alloc(64 + round * 100);
      patchFile(logFile(root), w.phy + (round * 13) % Math.max(1, w.size - 1), bytes);
      const s = await open(root);
      live = live.slice(0, cut);
      const got = await readAll(s, live);
      expect(got[0].length + got[1].length).toBe(live.length);
      await write(s, 5, `r${round}`, live);
      await crash(s);
    }
  });
});

describe('old-format records', () => {
  it('a store written without the record CRC still opens, and a torn tail there is cut by the older checks', async () => {
    const { root, written } = await crashedStore({ enabledAppendPropCRC: false });
    patchFile(logFile(root), written[DAMAGE_AT].phy + 8, crypto.randomBytes(64));
    const s = await open(root);
    const kept = written.slice(0, DAMAGE_AT);
    const got = await readAll(s, kept);
    expect(got[0].length + got[1].length).toBe(DAMAGE_AT);
    // Now with the CRC on: new records carry it, the old ones are still served.
    await crash(s);
    const s2 = await open(root, { enabledAppendPropCRC: true });
    const again = [...kept];
    await write(s2, 4, 'n', again);
    const got2 = await readAll(s2, again);
    expect(got2[0].length + got2[1].length).toBe(again.length);
  });
});

describe('torn derived files', () => {
  it('torn ConsumeQueue tail: the queue is rebuilt from the log', async () => {
    const root = tempDir();
    dirs.push(root);
    const s = await open(root);
    const written: Written[] = [];
    await write(s, 20, 'a', written);
    await s.checkpointNow();
    await crash(s);
    const cqFile = path.join(root, 'consumequeue', 'TopicTest', '0', SEG0);
    const units = fs.statSync(cqFile).size / 20;
    // The last two units of queue 0, which the checkpoint vouches for, overwritten with garbage.
    patchFile(cqFile, (units - 2) * 20, crypto.randomBytes(40));
    const s2 = await open(root);
    const got = await readAll(s2, written);
    expect(got[0]).toEqual(bodiesOf(written, 0));
    expect(got[1]).toEqual(bodiesOf(written, 1));
  });

  it('a damaged unit in the middle of a queue is answered MESSAGE_DAMAGED, never with the wrong bytes', async () => {
    const root = tempDir();
    dirs.push(root);
    const s = await open(root);
    const written: Written[] = [];
    await write(s, 20, 'a', written);
    await s.checkpointNow();
    await crash(s);
    const cqFile = path.join(root, 'consumequeue', 'TopicTest', '0', SEG0);
    // Unit 3 of queue 0 now names record 9's bytes (another queue's record) with its size.
    const other = written[9];
    const unit = Buffer.alloc(20);
    unit.writeBigInt64BE(BigInt(other.phy), 0);
    unit.writeInt32BE(other.size, 8);
    patchFile(cqFile, 3 * 20, unit);
    const s2 = await open(root);
    const g = await s2.getMessage('g', 'TopicTest', 0, 0, 32, 1 << 20);
    expect(g.status).toBe(GetMessageStatus.FOUND);
    expect(g.messages.map((m) => decodeMessage(m).queueOffset)).toEqual([0, 1, 2]);
    const bad = await s2.getMessage('g', 'TopicTest', 0, 3, 32, 1 << 20);
    expect(bad.status).toBe(GetMessageStatus.MESSAGE_DAMAGED);
    expect(bad.damage).toMatch(/queue offset 3/);
    expect(bad.messages).toEqual([]);
  });

  it('torn index file: key lookups return only the records that carry the key, and do not throw', async () => {
    const root = tempDir();
    dirs.push(root);
    const s = await open(root);
    const written: Written[] = [];
    await write(s, 20, 'a', written);
    await s.checkpointNow();
    await crash(s);
    const indexDir = path.join(root, 'index');
    const file = path.join(indexDir, fs.readdirSync(indexDir)[0]);
    const size = fs.statSync(file).size;
    for (let k = 0; k < 8; k++) patchFile(file, 40 + Math.floor(Math.random() * (size - 80)), crypto.randomBytes(32));
    const s2 = await open(root);
    for (let i = 0; i < 20; i++) {
      const r = await s2.queryMessage('TopicTest', `k-a-${i}`, 4, 0, Number.MAX_SAFE_INTEGER);
      for (const rec of r.messages) expect(decodeMessage(rec).properties.KEYS).toBe(`k-a-${i}`);
    }
  });
});
