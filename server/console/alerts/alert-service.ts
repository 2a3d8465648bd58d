/**
 * The console's one alert engine and the façade operations on it. The engine lives on globalThis: Next.js
 * may load this module once per route bundle (and again on dev reloads), and one console process wants
 * one loop. It starts with the console server (instrumentation.ts) or, failing that, on first use.
 */
import path from 'node:path';
import type { AlertRuleDto, AlertSettingsDto, AlertsOverviewDto, LagTrendDto } from '../../../lib/dto/alerts';
import type { AlertRuleParsed, SilenceInput } from '../../../lib/schemas/alerts';
import { alertSampleIntervalMs } from '../../common/config';
import { admin } from '../cluster-admin';
import { consoleDataDir } from '../console-settings';
import { AlertEngine } from './alert-engine';

const ENGINE_KEY = Symbol.for('orbit.console.alertEngine');
type Holder = { [ENGINE_KEY]?: AlertEngine };
const holder = globalThis as typeof globalThis & Holder;

/** The running engine, created and started on first call. */
export function alertEngine(): AlertEngine {
  let engine = holder[ENGINE_KEY];
  if (!engine) {
    engine = new AlertEngine({ dir: path.join(consoleDataDir(), 'alerts'), admin, defaultSampleIntervalMs: alertSampleIntervalMs() });
    holder[ENGINE_KEY] = engine;
  }
  engine.start();
  return engine;
}

/** Starts alert evaluation (console start-up). */
export function startAlerting(): void {
  alertEngine();
}

/** Stops the loop (console stop, tests). */
export async function stopAlerting(): Promise<void> {
  const engine = holder[ENGINE_KEY];
  delete holder[ENGINE_KEY];
  await engine?.stop();
}

export async function getAlertsOverview(): Promise<AlertsOverviewDto> {
  return alertEngine().overview();
}

export async function listAlertRules(): Promise<AlertRuleDto[]> {
  return alertEngine().listRules();
}

export async function createAlertRule(input: AlertRuleParsed): Promise<AlertRuleDto> {
  return alertEngine().createRule(input);
}

export async function deleteAlertRule(id: string): Promise<{ deleted: string }> {
  alertEngine().deleteRule(id);
  return { deleted: id };
}

export async function silenceAlertRule(input: SilenceInput): Promise<{ ruleId: string; until: string | null }> {
  return alertEngine().silence(input.ruleId, input.minutes);
}

export async function getGroupLagTrend(group: string): Promise<LagTrendDto> {
  return alertEngine().lagTrend(group);
}

export async function getAlertSettings(): Promise<AlertSettingsDto> {
  return { sampleIntervalMs: alertEngine().sampleIntervalMs };
}

export async function setAlertSettings(input: AlertSettingsDto): Promise<AlertSettingsDto> {
  const engine = alertEngine();
  engine.setSampleInterval(input.sampleIntervalMs);
  return { sampleIntervalMs: engine.sampleIntervalMs };
}
