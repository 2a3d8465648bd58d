import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../common/errors';
import { consoleAuthMode, isLoopbackHost } from './binding';

describe('start-up rule', () => {
  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.1', 'example.com', '128.0.0.1']) expect(isLoopbackHost(h)).toBe(false);
  });
  it('runs open on loopback without users', () => {
    expect(consoleAuthMode('127.0.0.1', undefined)).toBe('open');
  });
  it('refuses any other address without users, saying why', () => {
    expect(() => consoleAuthMode('0.0.0.0', undefined)).toThrow(ConfigError);
    expect(() => consoleAuthMode('0.0.0.0', undefined)).toThrow(/refusing to serve the console on 0\.0\.0\.0 without users.*--users/);
  });
  it('requires login with users, wherever it listens', () => {
    expect(consoleAuthMode('0.0.0.0', 2)).toBe('users');
    expect(consoleAuthMode('127.0.0.1', 1)).toBe('users');
    expect(() => consoleAuthMode('127.0.0.1', 0)).toThrow(/no users/);
  });
});
