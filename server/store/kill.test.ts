/**
 * Kill test: a child appends with SYNC_FLUSH and reports every acknowledged message; it is SIGKILLed at random
 * moments, the store is reopened here and every acknowledged message must be there, byte-identical, and nothing
 * readable may be torn. The next child appends to the same directory.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeMessage } from '../common/message/message-decoder';
import { DefaultMessageStore } from './default-message-store';
import { GetMessageStatus } from './message-store';
import { bodyCrc } from './record-codec';
import { scanLog } from './recovery';
import { smallConfig, tempDir } from './testing/store-test-util';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ROUNDS = Number(process.env.KILL_ROUNDS ?? 22);
const dir = tempDir('orbit-kill-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Ack {
  topic: string;
  queueId: number;
  queueOffset: number;
  sha: string;
}

function runChild(killAfterMs: number): Promise<{ acks: Ack[]; readyAt: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('server/store/testing/kill-child.ts'), dir, '32'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ORBIT_LOG_LEVEL: 'silent' },
    });
    let out = '';
    let err = '';
    let readyAt = -1;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      out += d;
      if (readyAt < 0 && out.includes('ready ')) {
        readyAt = Date.now();
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (d) => (err += d));
    const guard = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL' || readyAt < 0) {
        reject(new Error(`child ended with ${code ?? signal} before it was killed: ${err.slice(-2000)}`));
        return;
      }
      const acks: Ack[] = [];
      // A last line without its newline may have been cut by the kill: it was never fully reported.
      for (const line of out.split('\n').slice(0, -1)) {
        const p = line.split(' ');
        if (p[0] === 'ack') acks.push({ topic: p[1], queueId: Number(p[2]), queueOffset: Number(p[3]), sha: p[4] });
      }
      resolve({ acks, readyAt });
    });
  });
}

const sha = (b: Buffer) => crypto.createHash('sha1').update(b).digest('hex');

async function verify(s: DefaultMessageStore, acks: Ack[]): Promise<void> {
  for (const a of acks) {
    const g = await s.getMessage('v', a.topic, a.queueId, a.queueOffset, 1, 1 << 20);
    expect(g.status, `${a.topic}/${a.queueId}@${a.queueOffset}`).toBe(GetMessageStatus.FOUND);
    const m = decodeMessage(g.messages[0]);
    expect([m.topic, m.queueId, m.queueOffset]).toEqual([a.topic, a.queueId, a.queueOffset]);
    expect(sha(m.body)).toBe(a.sha);
  }
}

/** Every record reachable through any queue decodes, checks its CRC and sits where its unit says. */
async function verifyNothingTorn(s: DefaultMessageStore, tailOnly = 0): Promise<number> {
  let n = 0;
  for (const [topic, qids] of s.topicQueues()) {
    for (const q of qids) {
      let off = s.getMinOffsetInQueue(topic, q);
      if (tailOnly > 0) off = Math.max(off, s.getMaxOffsetInQueue(topic, q) - tailOnly);
      const max = s.getMaxOffsetInQueue(topic, q);
      while (off < max) {
        const g = await s.getMessage('v', topic, q, off, 32, 1 << 22);
        expect(g.status).toBe(GetMessageStatus.FOUND);
        for (const rec of g.messages) {
          const m = decodeMessage(rec);
          expect(m.queueOffset).toBe(off);
          expect(m.bodyCRC).toBe(bodyCrc(m.body, 0, m.body.length));
          off++;
          n++;
        }
        expect(g.nextBeginOffset).toBe(off);
      }
    }
  }
  // The whole log scans clean to its end.
  const r = scanLog(s.commitLog, s.getMinPhyOffset(), Number.MAX_SAFE_INTEGER, s.config.maxMessageSize, () => undefined);
  expect(r.bad).toBeUndefined();
  expect(r.end).toBe(s.getMaxPhyOffset());
  return n;
}

describe('kill -9 while appending with SYNC_FLUSH', () => {
  it(`keeps every acknowledged message over ${ROUNDS} kills`, { timeout: 120_000 }, async () => {
    const all: Ack[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const tc = Date.now();
      const { acks, readyAt } = await runChild(Math.floor(Math.random() * 400));
      const tv = Date.now();
      all.push(...acks);
      const s = new DefaultMessageStore(smallConfig(dir, { mappedFileSizeCommitLog: 256 * 1024 }));
      await s.start();
      try {
        expect(s.recovery!.crashed).toBe(true);
        await verify(s, acks);
        // Each round reads the newest records of every queue (where a tear would be); the last pass reads all.
        const n = await verifyNothingTorn(s, 300);
        if (process.env.KILL_DEBUG) console.log(round, 'startup', readyAt - tc, 'child', tv - tc, 'acks', acks.length, 'records', n, 'verify', Date.now() - tv, 'recovery', s.recovery);
      } finally {
        // Alternate: leave the directory as after a crash, or after a clean stop, for the next child.
        if (round % 2 === 0) await s.halt();
        else await s.shutdown();
      }
    }
    const s = new DefaultMessageStore(smallConfig(dir, { mappedFileSizeCommitLog: 256 * 1024 }));
    await s.start();
    try {
      await verify(s, all);
      const n = await verifyNothingTorn(s);
      expect(n).toBeGreaterThanOrEqual(all.length);
    } finally {
      await s.shutdown();
    }
    expect(all.length).toBeGreaterThan(ROUNDS);
  });
});
