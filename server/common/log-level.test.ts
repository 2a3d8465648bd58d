import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from './errors';
import { sdkLogLevel, serverLogLevel } from './log-level';

describe('log levels', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('reads ORBIT_LOG_LEVEL when asked, with warn for the SDK and info for servers by default', () => {
    vi.stubEnv('VITEST', '');
    vi.stubEnv('ORBIT_LOG_LEVEL', '');
    expect(sdkLogLevel()).toBe('warn');
    expect(serverLogLevel()).toBe('info');
    vi.stubEnv('ORBIT_LOG_LEVEL', 'debug');
    expect(sdkLogLevel()).toBe('debug');
    expect(serverLogLevel()).toBe('debug');
  });

  it('refuses a level pino does not know, naming the variable', () => {
    vi.stubEnv('ORBIT_LOG_LEVEL', 'verbose');
    expect(() => sdkLogLevel()).toThrow(ConfigError);
    expect(() => serverLogLevel()).toThrow(/ORBIT_LOG_LEVEL must be one of/);
  });
});
