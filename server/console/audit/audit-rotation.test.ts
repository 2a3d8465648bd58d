import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog, type AuditRecord } from './audit-log';
import { RefusalThrottle } from './refusal-throttle';

function rec(i: number, over: Partial<AuditRecord> = {}): AuditRecord {
  return { ts: new Date(Date.UTC(2030, 0, 1, 0, 0, 0, i)).toISOString(), user: 'ada', ip: '127.0.0.1', method: 'POST', path: '/api/topics', action: 'topic.save', target: `T${i}`, outcome: 'success', status: 200, ...over };
}

describe('AuditLog rotation', () => {
  it('rotates by size, keeps maxFiles files and queries across them newest first', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'orbit-audit-rot-')), 'audit.jsonl');
    const log = new AuditLog(file, { maxBytes: 1024, maxFiles: 3 });
    const lineBytes = Buffer.byteLength(`${JSON.stringify(rec(100))}\n`);
    const perFile = Math.floor(1024 / lineBytes);
    const count = perFile * 5;
    for (let i = 0; i < count; i++) await log.append(rec(i));
    expect(log.files().map((f) => existsSync(f))).toEqual([true, true, true]);
    expect(existsSync(`${file}.3`)).toBe(false);
    for (const f of log.files()) {
      expect(statSync(f).size).toBeLessThanOrEqual(1024);
      expect(statSync(f).mode & 0o777).toBe(0o600);
    }
    const all = await log.query({ limit: 1000 });
    // Three files' worth survive: the newest records, in order, none lost between files.
    const kept = log.files().reduce((n, f) => n + readFileSync(f, 'utf8').trim().split('\n').length, 0);
    expect(all.total).toBe(kept);
    expect(kept).toBeGreaterThan(perFile * 2);
    expect(kept).toBeLessThan(count);
    const targets = all.items.map((r) => Number(r.target!.slice(1)));
    expect(targets[0]).toBe(count - 1);
    expect(targets).toEqual(targets.map((_, k) => count - 1 - k));
    expect(readFileSync(`${file}.2`, 'utf8').split('\n')[0]).toContain(`"T${targets.at(-1)}"`);
  });
  it('picks up the size of an existing file after a restart', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'orbit-audit-rot-')), 'audit.jsonl');
    const first = new AuditLog(file, { maxBytes: 1024, maxFiles: 2 });
    for (let i = 0; i < 5; i++) await first.append(rec(i));
    const second = new AuditLog(file, { maxBytes: 1024, maxFiles: 2 });
    for (let i = 5; i < 12; i++) await second.append(rec(i));
    expect(statSync(file).size).toBeLessThanOrEqual(1024);
    expect(existsSync(`${file}.1`)).toBe(true);
    expect((await second.query()).items[0].target).toBe('T11');
  });
});

describe('RefusalThrottle', () => {
  it('lets through a share per address and a total per minute, and reports what it left out', () => {
    const c = { t: 0 };
    const t = new RefusalThrottle({ perAddress: 3, total: 5, windowMs: 60_000, maxAddresses: 100 }, () => c.t);
    const a = Array.from({ length: 5 }, () => t.check('1.1.1.1').write);
    expect(a).toEqual([true, true, true, false, false]);
    expect([t.check('2.2.2.2').write, t.check('2.2.2.2').write, t.check('3.3.3.3').write]).toEqual([true, true, false]);
    c.t += 60_000;
    const next = t.check('1.1.1.1');
    expect(next).toEqual({ write: true, suppressedBefore: { count: 2, since: 0 } });
    expect(t.check('1.1.1.1').suppressedBefore).toBeUndefined();
    expect(t.check('2.2.2.2')).toEqual({ write: true, suppressedBefore: undefined });
  });
  it('tracks a bounded number of addresses', () => {
    const t = new RefusalThrottle({ perAddress: 1, total: 1_000_000, windowMs: 60_000, maxAddresses: 10 }, () => 0);
    for (let i = 0; i < 1000; i++) t.check(`10.0.${i >> 8}.${i & 255}`);
    expect((t as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(10);
  });
});
