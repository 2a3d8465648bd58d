import path from 'node:path';
import { NamesrvController } from '../namesrv/namesrv-controller';
import { defaultNamesrvConfig, parseNamesrvConfig } from '../namesrv/namesrv-config';

export interface NamesrvCommandOptions {
  host: string;
  port: number;
  dataDir?: string;
}

export async function startNamesrv(opts: NamesrvCommandOptions): Promise<NamesrvController> {
  const base = defaultNamesrvConfig();
  const config = parseNamesrvConfig({
    ...base,
    host: opts.host,
    listenPort: opts.port,
    kvConfigPath: opts.dataDir ? path.join(opts.dataDir, 'kvConfig.json') : base.kvConfigPath,
  });
  const ctl = new NamesrvController(config);
  await ctl.start();
  return ctl;
}
