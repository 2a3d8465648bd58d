import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlertRuleDto } from '../../../lib/dto/alerts';
import { AlertStore, INTERRUPTED_DELIVERY } from './alert-store';

const rule: AlertRuleDto = {
  id: 'r-1',
  name: 'orders lag',
  group: 'orders-cg',
  topic: null,
  kind: 'messageLag',
  threshold: 100,
  forSeconds: 300,
  severity: 'critical',
  webhookUrl: 'http://127.0.0.1:1/hook',
  enabled: true,
  createdAt: new Date(0).toISOString(),
};

describe('AlertStore', () => {
  it('starts empty, with no sample interval set (the engine default applies)', () => {
    const store = new AlertStore(path.join(mkdtempSync(path.join(tmpdir(), 'alerts-')), 'alerts'));
    expect(store.rules.rules).toEqual([]);
    expect(store.rules.settings.sampleIntervalMs).toBeUndefined();
    expect(store.state.active).toEqual([]);
    expect(store.loadSamples()).toEqual({});
  });

  it('keeps rules, silences, settings and state across a restart', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'alerts-')), 'alerts');
    const a = new AlertStore(dir);
    a.rules.rules.push(rule);
    a.rules.silences.push({ ruleId: 'r-1', until: new Date(60_000).toISOString() });
    a.rules.settings.sampleIntervalMs = 1000;
    a.saveRules();
    a.state.history.push({
      id: 'a-1', ruleId: 'r-1', ruleName: rule.name, group: rule.group, topic: null, kind: 'messageLag', severity: 'critical',
      state: 'resolved', value: 0, threshold: 100, activeAt: 'x', firedAt: 'y', resolvedAt: 'z', silencedUntil: null, consumerStatus: 'OK', summary: 's',
    });
    a.saveState();

    const b = new AlertStore(dir);
    expect(b.rules.rules).toEqual([rule]);
    expect(b.rules.silences).toHaveLength(1);
    expect(b.rules.settings.sampleIntervalMs).toBe(1000);
    expect(b.state.history.map((h) => h.id)).toEqual(['a-1']);
    // Written through a temp file and renamed: nothing left behind.
    expect(readdirSync(dir).sort()).toEqual(['rules.json', 'state.json']);
  });

  it('marks webhook deliveries still sending at load as failed (the console stopped mid-delivery)', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'alerts-')), 'alerts');
    const a = new AlertStore(dir);
    const n = { alertId: 'a-1', ruleName: 'r', event: 'firing' as const, url: 'http://127.0.0.1:1/hook', at: new Date(0).toISOString() };
    a.state.notifications.push(
      { ...n, id: 'n-1', status: 'sending', attempts: 0, lastError: null },
      { ...n, id: 'n-2', status: 'sending', attempts: 2, lastError: 'HTTP 503' },
      { ...n, id: 'n-3', status: 'delivered', attempts: 1, lastError: null },
    );
    a.saveState();

    const b = new AlertStore(dir);
    expect(b.state.notifications.map((x) => [x.id, x.status, x.attempts, x.lastError])).toEqual([
      ['n-1', 'failed', 0, INTERRUPTED_DELIVERY],
      ['n-2', 'failed', 2, `${INTERRUPTED_DELIVERY} (last attempt: HTTP 503)`],
      ['n-3', 'delivered', 1, null],
    ]);
  });

  it('keeps the recent samples in samples.json and skips malformed entries', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'alerts-')), 'alerts');
    const a = new AlertStore(dir);
    const window = [{ t: 1, brokerOffset: 10, consumerOffset: 5, online: true }];
    a.saveSamples({ g: { points: [{ t: 1, lag: 5, timeLagSeconds: null }], partitions: { 'T@b@0': window }, dlq: [{ t: 1, depth: 0 }], status: null } }, 1);
    expect(new AlertStore(dir).loadSamples()).toEqual({
      g: { points: [{ t: 1, lag: 5, timeLagSeconds: null }], partitions: { 'T@b@0': window }, dlq: [{ t: 1, depth: 0 }], status: null },
    });

    writeFileSync(
      path.join(dir, 'samples.json'),
      JSON.stringify({ version: 1, groups: { g: { points: [{ t: 'x' }, { t: 2, lag: 3, timeLagSeconds: 1 }], partitions: { k: [{ t: 2 }] }, status: 'bad' }, h: null } }),
    );
    expect(new AlertStore(dir).loadSamples()).toEqual({ g: { points: [{ t: 2, lag: 3, timeLagSeconds: 1 }], partitions: {}, dlq: [], status: null } });
    writeFileSync(path.join(dir, 'samples.json'), '{ nope');
    expect(new AlertStore(dir).loadSamples()).toEqual({});
  });

  it('a corrupt file reads as empty instead of failing the console', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'alerts-'));
    writeFileSync(path.join(dir, 'rules.json'), '{ not json');
    const store = new AlertStore(dir);
    expect(store.rules.rules).toEqual([]);
    store.rules.rules.push(rule);
    store.saveRules();
    expect(JSON.parse(readFileSync(path.join(dir, 'rules.json'), 'utf8')).rules).toHaveLength(1);
  });
});
