import { describe, expect, it } from 'vitest';
import { namesrvAddrListSchema, namesrvAddrProblem, namesrvSettingInputSchema, splitNamesrvList } from './namesrv';

describe('namesrvAddrListSchema', () => {
  it.each([
    ['127.0.0.1:9876', '127.0.0.1:9876'],
    ['localhost:9876', 'localhost:9876'],
    ['ns-1.example.internal:9876', 'ns-1.example.internal:9876'],
    ['[::1]:9876', '[::1]:9876'],
    ['  10.0.0.1:9876 ; 10.0.0.2:9876 ;', '10.0.0.1:9876;10.0.0.2:9876'],
    ['a:1;a:1;b:65535', 'a:1;b:65535'],
  ])('accepts %j as %j', (input, normalised) => {
    expect(namesrvAddrListSchema.parse(input)).toBe(normalised);
  });

  it.each([
    ['', 'at least one'],
    [' ; ', 'at least one'],
    ['localhost', 'not host:port'],
    [':9876', 'not host:port'],
    ['localhost:', 'not host:port'],
    ['localhost:0', 'port must be'],
    ['localhost:65536', 'port must be'],
    ['localhost:98a', 'bad port'],
    ['bad_host:9876', 'bad host name'],
    ['-x.com:9876', 'bad host name'],
    ['::1:9876', 'brackets'],
    ['127.0.0.1:9876,127.0.0.2:9876', 'separate addresses with ";"'],
    ['local host:9876', 'spaces'],
  ])('rejects %j', (input, why) => {
    const r = namesrvAddrListSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain(why);
  });

  it('rejects a list that is absurdly long', () => {
    expect(namesrvAddrListSchema.safeParse(`${'a'.repeat(2001)}:1`).success).toBe(false);
  });
});

describe('namesrvSettingInputSchema', () => {
  it('takes exactly { namesrvAddr }', () => {
    expect(namesrvSettingInputSchema.parse({ namesrvAddr: 'h:1' })).toEqual({ namesrvAddr: 'h:1' });
    expect(namesrvSettingInputSchema.safeParse({}).success).toBe(false);
    expect(namesrvSettingInputSchema.safeParse({ namesrvAddr: 'h:1', extra: 1 }).success).toBe(false);
    expect(namesrvSettingInputSchema.safeParse({ namesrvAddr: 9876 }).success).toBe(false);
    expect(namesrvSettingInputSchema.safeParse('h:1').success).toBe(false);
  });
});

describe('helpers', () => {
  it('splits on ; and drops blanks', () => {
    expect(splitNamesrvList(' a:1 ;; b:2 ')).toEqual(['a:1', 'b:2']);
  });
  it('explains a bad entry', () => {
    expect(namesrvAddrProblem('h:1')).toBeNull();
    expect(namesrvAddrProblem('h')).toMatch(/host:port/);
  });
});
