import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { groupNameSchema } from '../schemas/admin';
import { alertRuleInputSchema } from '../schemas/alerts';
import { namesrvAddrListSchema } from '../schemas/namesrv';
import { issueKey } from './issue-text';
import { MESSAGES } from './messages';

// Keys come from issueKey() at run time, so the translators take plain strings here.
type Translate = (key: string, values?: Record<string, string>) => string;
const en = createTranslator({ locale: 'en', messages: MESSAGES.en, namespace: 'ui.validation' }) as unknown as Translate;
const zh = createTranslator({ locale: 'zh', messages: MESSAGES.zh, namespace: 'ui.validation' }) as unknown as Translate;
const firstIssue = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues[0]?.message ?? '';

describe('validation messages', () => {
  it('recognises what the schemas say, and the English catalogue says it back word for word', () => {
    const messages = [
      firstIssue(namesrvAddrListSchema.safeParse('')),
      firstIssue(namesrvAddrListSchema.safeParse('localhost')),
      firstIssue(namesrvAddrListSchema.safeParse('a:1,b:2')),
      firstIssue(namesrvAddrListSchema.safeParse('a b:1')),
      firstIssue(namesrvAddrListSchema.safeParse('a:x')),
      firstIssue(namesrvAddrListSchema.safeParse('a:70000')),
      firstIssue(namesrvAddrListSchema.safeParse('::1:9876')),
      firstIssue(namesrvAddrListSchema.safeParse('-bad-:9876')),
      firstIssue(groupNameSchema.safeParse('')),
      firstIssue(groupNameSchema.safeParse('a b')),
      firstIssue(alertRuleInputSchema.safeParse({ name: '', group: 'g', kind: 'messageLag', forSeconds: 1 })),
      firstIssue(alertRuleInputSchema.safeParse({ name: 'n', group: 'g', kind: 'messageLag', forSeconds: -1 })),
      firstIssue(alertRuleInputSchema.safeParse({ name: 'n', group: 'g', kind: 'consumerStatus', forSeconds: 1, statuses: [] })),
    ];
    for (const message of messages) {
      const known = issueKey(message);
      expect(known, message).not.toBeNull();
      expect(en(known!.key, known!.values)).toBe(message);
    }
  });

  it('gives the Chinese text with the varying parts kept', () => {
    const known = issueKey('"localhost" is not host:port')!;
    expect(zh(known.key, known.values)).toBe('“localhost”不是 host:port 格式');
    expect(zh('pickStatus')).toBe('请至少选择一个状态');
  });

  it('leaves unknown messages alone', () => {
    expect(issueKey('connect ECONNREFUSED 127.0.0.1:9')).toBeNull();
  });
});

describe('every message the schemas write', () => {
  // The literal messages in lib/schemas: the second argument of a check, or a `message:` property.
  const dir = join(__dirname, '..', 'schemas');
  const literals = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/(?:\.(?:min|max|int|regex|refine)\([^'\n]*?,\s*|message:\s*)'([^']+)'/g)].map((m) => m[1]));

  it('finds them', () => expect(literals.length).toBeGreaterThan(30));
  it.each(literals)('"%s" has a catalogue entry', (message) => {
    const known = issueKey(message);
    expect(known, message).not.toBeNull();
    expect(en(known!.key, known!.values)).toBe(message);
    expect(zh(known!.key, known!.values)).not.toBe(message);
  });
});
