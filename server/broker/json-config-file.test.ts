import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { logger } from '../common/logger';
import { DirtyJsonConfig, JsonConfigFile } from './json-config-file';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function fileIn(): JsonConfigFile {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-jcf-'));
  dirs.push(dir);
  return new JsonConfigFile(path.join(dir, 'config', 'x.json'), logger);
}

describe('JsonConfigFile', () => {
  it('writes in the background, collapsing writes asked for meanwhile into the latest, and keeps a backup', async () => {
    const f = fileIn();
    f.write('{"v":0}');
    const all = [1, 2, 3, 4].map((v) => f.writeSoon(`{"v":${v}}`));
    await Promise.all(all);
    expect(f.read()).toBe('{"v":4}');
    expect(fs.readFileSync(`${f.filePath}.bak`, 'utf8')).not.toBe('{"v":4}');
    expect(fs.readdirSync(path.dirname(f.filePath)).sort()).toEqual(['x.json', 'x.json.bak']);
  });

  it('lets a blocking write made during a background one win', async () => {
    const f = fileIn();
    const bg = f.writeSoon('{"v":"background"}');
    f.write('{"v":"shutdown"}');
    await bg;
    await f.settled();
    expect(f.read()).toBe('{"v":"shutdown"}');
    expect(fs.readdirSync(path.dirname(f.filePath)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('reads the backup when the file is missing', async () => {
    const f = fileIn();
    await f.writeSoon('{"v":1}');
    await f.writeSoon('{"v":2}');
    fs.rmSync(f.filePath);
    expect(f.read()).toBe('{"v":1}');
  });
});

describe('DirtyJsonConfig', () => {
  it('saves in the background only after a change, and blocking at shutdown whatever the state', async () => {
    const f = fileIn();
    let state = 1;
    const saver = new DirtyJsonConfig(f, () => `{"v":${state}}`);
    await saver.saveSoon();
    expect(f.read()).toBeUndefined();
    saver.markDirty();
    await saver.saveSoon();
    expect(f.read()).toBe('{"v":1}');
    state = 2; // changed without markDirty: the periodic save leaves the file alone
    await saver.saveSoon();
    expect(f.read()).toBe('{"v":1}');
    await saver.save();
    expect(f.read()).toBe('{"v":2}');
  });
});
