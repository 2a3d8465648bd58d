import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog, type AuditRecord } from './audit-log';
import { describeAction } from './describe-action';

function rec(over: Partial<AuditRecord>): AuditRecord {
  return { ts: '2030-01-01T00:00:00.000Z', user: 'ada', role: 'admin', ip: '127.0.0.1', method: 'POST', path: '/api/topics', action: 'topic.save', outcome: 'success', status: 200, ...over };
}

describe('AuditLog', () => {
  it('appends JSON lines (0600) and reads them back newest first', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'orbit-audit-')), 'console', 'audit.jsonl');
    const log = new AuditLog(file);
    expect(await log.query()).toEqual({ items: [], total: 0 });
    await Promise.all([
      log.append(rec({ ts: '2030-01-01T00:00:01.000Z', target: 'T1' })),
      log.append(rec({ ts: '2030-01-01T00:00:02.000Z', user: 'vic', role: 'viewer', outcome: 'denied', status: 403, detail: 'FORBIDDEN' })),
      log.append(rec({ ts: '2030-01-01T00:00:03.000Z', action: 'topic.delete', target: 'T1\n{"forged":true}' })),
    ]);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const all = await log.query();
    expect(all.total).toBe(3);
    expect(all.items.map((r) => r.ts.slice(-7))).toEqual(['03.000Z', '02.000Z', '01.000Z']);
    expect(all.items[0].target).toBe('T1\n{"forged":true}');
  });
  it('filters by user, action, outcome and time, and limits', async () => {
    const log = new AuditLog(path.join(mkdtempSync(path.join(tmpdir(), 'orbit-audit-')), 'audit.jsonl'));
    for (let i = 0; i < 10; i++) {
      await log.append(rec({ ts: new Date(Date.UTC(2030, 0, 1, 0, 0, i)).toISOString(), user: i % 2 ? 'vic' : 'ada', action: i < 5 ? 'topic.save' : 'group.delete', outcome: i === 9 ? 'failure' : 'success' }));
    }
    expect((await log.query({ user: 'VIC' })).total).toBe(5);
    expect((await log.query({ action: 'group' })).total).toBe(5);
    expect((await log.query({ action: 'topic.save', user: 'ada' })).total).toBe(3);
    expect((await log.query({ outcome: 'failure' })).items.map((r) => r.action)).toEqual(['group.delete']);
    const from = Date.UTC(2030, 0, 1, 0, 0, 3);
    const to = Date.UTC(2030, 0, 1, 0, 0, 5);
    expect((await log.query({ from, to })).total).toBe(3);
    const page = await log.query({ limit: 2 });
    expect(page.total).toBe(10);
    expect(page.items).toHaveLength(2);
  });
});

describe('describeAction', () => {
  it('names console mutations and their targets', () => {
    expect(describeAction('POST', '/api/topics', { topic: 'Orders' })).toEqual({ action: 'topic.save', target: 'Orders' });
    expect(describeAction('DELETE', '/api/topics/%25DLQ%25g')).toEqual({ action: 'topic.delete', target: '%DLQ%g' });
    expect(describeAction('post', '/api/groups/G/reset-offset')).toEqual({ action: 'group.reset-offset', target: 'G' });
    expect(describeAction('PUT', '/api/settings/namesrv', { namesrvAddr: '1.2.3.4:9876' })).toEqual({ action: 'settings.namesrv', target: '1.2.3.4:9876' });
    expect(describeAction('POST', '/api/auth/login', { name: 'ada', password: 'secret' })).toEqual({ action: 'auth.login', target: 'ada' });
    expect(describeAction('PATCH', '/api/else')).toEqual({ action: 'patch /api/else' });
  });

  it('names DLQ triage, replay and job actions', () => {
    expect(describeAction('POST', '/api/dlq/g1/republish', { signature: 'x' })).toEqual({ action: 'dlq.republish', target: 'g1' });
    expect(describeAction('POST', '/api/dlq/g1/republish/preview')).toEqual({ action: 'dlq.republish-preview', target: 'g1' });
    expect(describeAction('POST', '/api/dlq/g1/purge', { confirm: 3 })).toEqual({ action: 'dlq.purge', target: 'g1' });
    expect(describeAction('POST', '/api/replay/group', { topic: 'T' })).toEqual({ action: 'replay.group', target: 'T' });
    expect(describeAction('POST', '/api/replay/copy', { topic: 'T' })).toEqual({ action: 'replay.copy', target: 'T' });
    expect(describeAction('POST', '/api/replay/exact', { topic: 'T' })).toEqual({ action: 'replay.exact', target: 'T' });
    expect(describeAction('POST', '/api/jobs/abc/cancel')).toEqual({ action: 'job.cancel', target: 'abc' });
  });
});
