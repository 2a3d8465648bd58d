import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setConsoleEnv } from '../common/config';
import { ConsoleError } from '../common/errors';
import { currentNamesrvAddr, getNamesrvSetting, resetConsoleSettings, setNamesrvSetting } from './console-settings';

let dir: string;

function useEnv(namesrv: string | undefined) {
  if (namesrv === undefined) delete process.env.ORBIT_NAMESRV;
  setConsoleEnv({ namesrv, dataDir: dir });
  resetConsoleSettings();
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'orbit-console-settings-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  delete process.env.ORBIT_NAMESRV;
  delete process.env.ORBIT_CONSOLE_DATA;
  delete process.env.ORBIT_EMBEDDED;
  setConsoleEnv({});
  resetConsoleSettings();
});

describe('console settings', () => {
  it('defaults to 127.0.0.1:9876', async () => {
    useEnv(undefined);
    await expect(getNamesrvSetting()).resolves.toEqual({ namesrvAddr: '127.0.0.1:9876', addrs: ['127.0.0.1:9876'], source: 'default' });
  });

  it('takes the start-up value from ORBIT_NAMESRV', async () => {
    useEnv('n1:9876; n2:9876');
    await expect(getNamesrvSetting()).resolves.toEqual({ namesrvAddr: 'n1:9876;n2:9876', addrs: ['n1:9876', 'n2:9876'], source: 'env' });
  });

  it('says when the start-up value is the embedded cluster', async () => {
    setConsoleEnv({ namesrv: '127.0.0.1:19876', dataDir: dir, embedded: true });
    resetConsoleSettings();
    expect(await getNamesrvSetting()).toMatchObject({ namesrvAddr: '127.0.0.1:19876', source: 'embedded' });
  });

  it('ignores a malformed ORBIT_NAMESRV', async () => {
    useEnv('not-an-address');
    expect((await getNamesrvSetting()).source).toBe('default');
  });

  it('saves a new list, applies it at once and reads it back after a restart', async () => {
    useEnv(undefined);
    const saved = await setNamesrvSetting(' a:1 ;b:2 ');
    expect(saved).toEqual({ namesrvAddr: 'a:1;b:2', addrs: ['a:1', 'b:2'], source: 'saved' });
    expect(currentNamesrvAddr()).toBe('a:1;b:2');
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toEqual({ namesrvAddr: 'a:1;b:2' });

    resetConsoleSettings();
    expect(await getNamesrvSetting()).toMatchObject({ namesrvAddr: 'a:1;b:2', source: 'saved' });
  });

  it('lets an explicit start-up value win over the saved one on the next start', async () => {
    useEnv(undefined);
    await setNamesrvSetting('a:1');
    useEnv('env:9876');
    expect(await getNamesrvSetting()).toMatchObject({ namesrvAddr: 'env:9876', source: 'env' });
    await setNamesrvSetting('ui:9876');
    expect(currentNamesrvAddr()).toBe('ui:9876');
  });

  it('ignores a corrupt settings file', async () => {
    writeFileSync(path.join(dir, 'settings.json'), '{ not json');
    useEnv(undefined);
    expect((await getNamesrvSetting()).source).toBe('default');
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ namesrvAddr: 'bad' }));
    resetConsoleSettings();
    expect((await getNamesrvSetting()).source).toBe('default');
  });

  it('rejects a bad list with a 422 ConsoleError and keeps the old value', async () => {
    useEnv('keep:1');
    const err = await setNamesrvSetting('nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConsoleError);
    expect((err as ConsoleError).httpStatus).toBe(422);
    expect(currentNamesrvAddr()).toBe('keep:1');
  });

  it('answers 500 when the file cannot be written and keeps the old value', async () => {
    // A data dir under a regular file cannot be created, even by root.
    const blocker = path.join(dir, 'blocker');
    writeFileSync(blocker, '');
    setConsoleEnv({ namesrv: 'keep:1', dataDir: path.join(blocker, 'sub') });
    resetConsoleSettings();
    const err = await setNamesrvSetting('a:1').catch((e: unknown) => e);
    expect((err as ConsoleError).httpStatus).toBe(500);
    expect(currentNamesrvAddr()).toBe('keep:1');
  });
});
