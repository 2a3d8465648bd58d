import { describe, expect, it } from 'vitest';
import { bodyFileName, detectBodyKind, wrapBase64 } from './message-body';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('detectBodyKind', () => {
  it('tells JSON, text and binary apart from every byte', () => {
    expect(detectBodyKind(bytes(' {"a":[1,2,{"b":"ü"}]}\n'))).toBe('json');
    expect(detectBodyKind(bytes('[1,2]'))).toBe('json');
    expect(detectBodyKind(bytes('{"a": 1'))).toBe('text');
    expect(detectBodyKind(bytes('42'))).toBe('text');
    expect(detectBodyKind(bytes('héllo\tworld\r\n'))).toBe('text');
    expect(detectBodyKind(new Uint8Array(0))).toBe('text');
    expect(detectBodyKind(Uint8Array.from({ length: 256 }, (_, i) => i))).toBe('binary');
    expect(detectBodyKind(bytes('text with a NUL\u0000'))).toBe('binary');
    expect(detectBodyKind(Uint8Array.from([0x68, 0x69, 0xc3]))).toBe('binary');
    expect(detectBodyKind(Uint8Array.from([0xff, 0xfe, 0x41]))).toBe('binary');
  });
});

describe('bodyFileName and wrapBase64', () => {
  it('names downloads safely and wraps base64 at 76', () => {
    expect(bodyFileName('7F00000100002A9F0000000000000001', 'json')).toBe('7F00000100002A9F0000000000000001.json');
    expect(bodyFileName('../"evil"\r\n', 'binary')).toBe('..__evil___.bin');
    expect(bodyFileName('', 'text')).toBe('message.txt');
    const w = wrapBase64('A'.repeat(160));
    expect(w.split('\n').map((l) => l.length)).toEqual([76, 76, 8]);
  });
});
