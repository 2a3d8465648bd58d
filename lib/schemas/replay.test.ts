import { describe, expect, it } from 'vitest';
import { purgeInputSchema, replayPreviewQuerySchema, replayStartSchema, republishStartSchema } from './replay';

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('replay input', () => {
  it('takes a valid range (query strings coerced) and defaults the rate', () => {
    const q = replayPreviewQuerySchema.parse({ mode: 'copy', topic: 'A', from: '1000', to: '2000', target: 'B' });
    expect(q).toMatchObject({ from: 1000, to: 2000 });
    expect(replayStartSchema.parse({ mode: 'group', topic: 'A', from: 0, to: 1, group: 'g' }).ratePerSec).toBe(500);
  });

  it('refuses bad input with the field at fault', () => {
    expect(issues(replayPreviewQuerySchema.safeParse({ mode: 'copy', topic: 'A', from: 5, to: 1, target: 'B' }))).toEqual(['to: the start must not be after the end']);
    expect(issues(replayPreviewQuerySchema.safeParse({ mode: 'group', topic: 'A', from: 0, to: 1 }))).toEqual(['group: choose the group to re-deliver to']);
    expect(issues(replayPreviewQuerySchema.safeParse({ mode: 'copy', topic: 'A', from: 0, to: 1 }))).toEqual(['target: choose the topic to copy to']);
    expect(issues(replayPreviewQuerySchema.safeParse({ mode: 'copy', topic: 'A', from: 0, to: 1, target: 'A' }))).toEqual(['target: copy to another topic than the source']);
    expect(issues(replayPreviewQuerySchema.safeParse({ mode: 'rewind', topic: 'A', from: 0, to: 1 })).length).toBeGreaterThan(0);
    expect(issues(replayPreviewQuerySchema.safeParse({ mode: 'copy', topic: 'bad topic!', from: 0, to: 1, target: 'B' }))[0]).toMatch(/^topic:/);
    expect(issues(replayStartSchema.safeParse({ mode: 'copy', topic: 'A', from: 0, to: 1, target: 'B', ratePerSec: 0 }))).toEqual(['ratePerSec: at least 1 message/s']);
    expect(issues(replayStartSchema.safeParse({ mode: 'copy', topic: 'A', from: -1, to: 1, target: 'B' }))[0]).toMatch(/^from:/);
  });
});

describe('republish and purge input', () => {
  it('needs exactly one of a signature and a selection', () => {
    expect(republishStartSchema.safeParse({ signature: 'k' }).success).toBe(true);
    expect(republishStartSchema.safeParse({ ids: ['0A0B0C0D0E0F0A0B'] }).success).toBe(true);
    expect(issues(republishStartSchema.safeParse({}))).toEqual(['signature: give either a signature or a selection of ids']);
    expect(issues(republishStartSchema.safeParse({ signature: 'k', ids: ['0A0B0C0D0E0F0A0B'] }))).toEqual(['signature: give either a signature or a selection of ids']);
    expect(issues(republishStartSchema.safeParse({ ids: ['nothex'] }))).toEqual(['ids.0: not a message id']);
    expect(issues(republishStartSchema.safeParse({ signature: 'k', to: 'elsewhere' })).length).toBe(1);
  });

  it('purge needs a count', () => {
    expect(purgeInputSchema.safeParse({}).success).toBe(false);
    expect(purgeInputSchema.safeParse({ confirm: -1 }).success).toBe(false);
    expect(purgeInputSchema.parse({ confirm: 3 })).toEqual({ confirm: 3 });
  });
});
