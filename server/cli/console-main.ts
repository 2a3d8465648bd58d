/** `orbit console`: embedded by default; `--namesrv` attaches to an existing cluster instead. */
import { env } from '../common/config';
import { runUntilSignal } from './run-server';

export interface ConsoleCliOptions {
  host: string;
  port: number;
  embedded?: boolean;
  namesrv?: string;
  dataDir: string;
  namesrvPort: number;
  brokerPort: number;
  proxyPort: number;
  dev?: boolean;
  /** Users file; default ORBIT_CONSOLE_USERS. */
  users?: string;
  /** Trusted reverse proxies; default ORBIT_CONSOLE_TRUSTED_PROXIES. */
  trustProxy?: string;
}

export async function runConsoleCommand(o: ConsoleCliOptions): Promise<void> {
  if (o.embedded && o.namesrv) {
    process.stderr.write('orbit console: choose either --embedded or --namesrv, not both\n');
    process.exit(2);
  }
  await runUntilSignal('console', async () => {
    const { runConsole } = await import('./console-command');
    const running = await runConsole({
      host: o.host,
      port: o.port,
      embedded: !o.namesrv,
      namesrv: o.namesrv,
      dev: o.dev === true,
      dataDir: o.dataDir,
      namesrvPort: o.namesrvPort,
      brokerPort: o.brokerPort,
      proxyPort: o.proxyPort,
      usersFile: o.users ?? env().ORBIT_CONSOLE_USERS,
      trustProxy: o.trustProxy ?? env().ORBIT_CONSOLE_TRUSTED_PROXIES,
    });
    return { stop: () => running.close() };
  });
}
