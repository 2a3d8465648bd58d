/** Finding a peer system's server binary, and installing its Debian package when it is missing. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Debian puts some servers (nats-server) in /usr/sbin, which a non-root PATH may lack. */
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** The full path of an executable named `name` on PATH (or in the usual system dirs), or undefined. */
export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Like {@link findBinary}, throwing if the binary is not there. */
export function requireBinary(name: string): string {
  const file = findBinary(name);
  if (!file) throw new Error(`${name} not found on PATH (npm run bench -- compare installs it when run as root)`);
  return file;
}

/**
 * For each binary (name → Debian package) not found, installs its package with apt-get when running as
 * root; otherwise throws naming the packages to install.
 */
export async function ensureDebianPackages(binaries: Record<string, string>): Promise<void> {
  const missing = Object.entries(binaries).filter(([bin]) => !findBinary(bin));
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map(([, pkg]) => pkg))];
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing ${missing.map(([bin]) => bin).join(', ')}: install the Debian package(s) with ` +
        `\`sudo apt-get install --no-install-recommends ${pkgs.join(' ')}\``,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  process.stderr.write(`installing ${pkgs.join(' ')} with apt-get\n`);
  aptGet(['update', '-qq'], env);
  aptGet(['install', '-y', '-qq', '--no-install-recommends', ...pkgs], env);
  const still = missing.filter(([bin]) => !findBinary(bin)).map(([bin]) => bin);
  if (still.length) throw new Error(`apt-get installed ${pkgs.join(' ')} but ${still.join(', ')} is still not found`);
}

function aptGet(args: string[], env: NodeJS.ProcessEnv): void {
  const r = spawnSync('apt-get', args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
  if (r.error) throw new Error(`apt-get ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) {
    const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`apt-get ${args.join(' ')} exited with ${r.status}:\n${tail}`);
  }
}
