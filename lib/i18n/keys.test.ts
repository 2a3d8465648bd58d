/**
 * Every literal key a component asks for exists in the English catalogue (the parity test then covers the other
 * languages). next-intl would only log a missing key at run time and show its path; this catches it before a build.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from './messages';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.tsx') && !e.name.endsWith('.test.tsx'))
    .map((e) => join(e.parentPath, e.name));
}

function lookup(path: string): unknown {
  return path.split('.').reduce<unknown>((node, k) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined), MESSAGES.en);
}

/** `const t = useTranslations('ns')` / `await getTranslations('ns')`, then `t('key'` / `t.rich('key'`; template keys are checked up to their first `${`. */
function usedKeys(text: string): { key: string; prefix: boolean }[] {
  const out: { key: string; prefix: boolean }[] = [];
  for (const m of text.matchAll(/const (\w+) = (?:await )?(?:useTranslations|getTranslations)\((?:'(\w+)')?\)/g)) {
    const [, name, ns] = m;
    const calls = new RegExp(`\\b${name}(?:\\.rich|\\.has)?\\((['\`])([\\w.]*)(\\$\\{)?`, 'g');
    for (const c of text.matchAll(calls)) {
      if (c[0].includes('.has(')) continue;
      const key = [ns, c[2]].filter(Boolean).join('.').replace(/\.$/, '');
      out.push({ key, prefix: c[3] !== undefined });
    }
  }
  return out;
}

describe('catalogue keys used by the console', () => {
  const files = [...sources('components'), ...sources('app')];
  it('finds translated components to check', () => {
    expect(files.filter((f) => /useTranslations|getTranslations/.test(readFileSync(f, 'utf8'))).length).toBeGreaterThan(10);
  });
  it.each(files.map((f) => [f.slice(ROOT.length + 1), f]))('%s asks only for keys the catalogue has', (_rel, file) => {
    for (const { key, prefix } of usedKeys(readFileSync(file, 'utf8'))) {
      const node = lookup(key);
      if (prefix) expect(node && typeof node === 'object', `${key}.* is a group of messages`).toBe(true);
      else expect(typeof node, key).toBe('string');
    }
  });
});
