import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MappedFileQueue } from './mapped-file-queue';

const SEG = 64 * 1024;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('MappedFileQueue', () => {
  it('a segment needed before the one made ahead is ready is not unlinked when that one resolves or at shutdown', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-mfq-'));
    dirs.push(dir);
    const q = new MappedFileQueue(dir, SEG);
    q.load();
    q.obtain(0);
    // The segment at SEG is being made in the background; the log reaches it before that is done.
    const second = q.obtain(SEG);
    fs.writeSync(second.file.fd, Buffer.from('kept'), 0, 4, 0);
    await new Promise((r) => setTimeout(r, 50));
    q.obtain(2 * SEG);
    await q.dropAhead();
    const names = fs.readdirSync(dir).sort();
    expect(names.map(Number)).toEqual([0, SEG, 2 * SEG]);
    const buf = Buffer.alloc(4);
    fs.readSync(fs.openSync(path.join(dir, names[1]), 'r'), buf, 0, 4, 0);
    expect(buf.toString()).toBe('kept');
    for (const f of q.files) f.file.close();
  });
});
