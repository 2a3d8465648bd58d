import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlertRuleDto } from '../../../lib/dto/alerts';
import { AlertStore, DEFAULT_SAMPLE_INTERVAL_MS } from './alert-store';

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
  it('starts empty with the default sample interval', () => {
    const store = new AlertStore(path.join(mkdtempSync(path.join(tmpdir(), 'alerts-')), 'alerts'));
    expect(store.rules.rules).toEqual([]);
    expect(store.rules.settings.sampleIntervalMs).toBe(DEFAULT_SAMPLE_INTERVAL_MS);
    expect(store.state.active).toEqual([]);
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
