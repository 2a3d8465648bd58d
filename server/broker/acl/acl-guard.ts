/**
 * The broker side of plain ACL: loads the ACL files, re-reads them when they change, and checks every
 * request before its processor runs (Apache does it in a server RPC hook, before dispatch).
 *
 * Files, as Apache 4.9.x: `aclFilePath` (Orbit's key) if set, else `$ROCKETMQ_HOME/conf/plain_acl.yml`
 * (ROCKETMQ_HOME from the env, or the `rocketmqHome` broker key), with the JVM property
 * `rocketmq.acl.plain.file` mirrored by the `aclPlainFile` key (relative to the home), plus every
 * .yml/.yaml under `$ROCKETMQ_HOME/conf/acl/`. A missing file means no accounts: everything is refused
 * except global white addresses (Apache creates the file empty). A file that fails to parse keeps the
 * previous good configuration (at start: the broker does not start).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import type { ProcessorTable, RequestProcessor } from '../../remoting/processor-table';
import { parseAccessRequest } from './access-resource';
import { emptyAclConfig, listAclFiles, loadAclFiles, type PlainAclConfig } from './plain-acl-config';
import { refusal, validateAccess } from './plain-access-validator';
import { AclError } from './permission';

export interface AclGuardOptions {
  /** The main ACL file. */
  file: string;
  /** A directory whose .yml/.yaml files are read too (Apache: $ROCKETMQ_HOME/conf/acl). */
  dir?: string;
  /** How often to look for changed files (Apache: 5 s). */
  watchIntervalMs?: number;
}

/** Resolves the ACL file locations from broker settings and the environment. */
export function aclLocations(
  cfg: { aclFilePath?: string; extra?: Record<string, string> },
  env: Record<string, string | undefined> = process.env,
): AclGuardOptions {
  const home = cfg.extra?.rocketmqHome ?? env.ROCKETMQ_HOME;
  if (cfg.aclFilePath) return { file: path.resolve(cfg.aclFilePath), dir: home ? path.join(home, 'conf', 'acl') : undefined };
  if (!home) {
    throw new ConfigError('aclEnable=true needs the ACL file: set aclFilePath, or ROCKETMQ_HOME (for $ROCKETMQ_HOME/conf/plain_acl.yml)');
  }
  return { file: path.resolve(home, cfg.extra?.aclPlainFile ?? path.join('conf', 'plain_acl.yml')), dir: path.join(home, 'conf', 'acl') };
}

export class AclGuard {
  private config: PlainAclConfig = emptyAclConfig();
  private stamp = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly options: AclGuardOptions,
    private readonly log: Logger,
  ) {}

  /** Loads the files now; throws ConfigError when they are malformed. */
  load(): void {
    const files = listAclFiles(this.options.file, this.options.dir);
    try {
      this.config = loadAclFiles(files);
    } catch (err) {
      throw new ConfigError(`ACL: ${(err as Error).message}`);
    }
    this.stamp = this.fileStamp(files);
    if (files.length === 0) this.log.warn({ file: this.options.file }, 'ACL enabled but no ACL file: every request is refused');
    else this.log.info({ files, accounts: this.config.accounts.size }, 'ACL loaded');
  }

  start(): void {
    this.load();
    const t = setInterval(() => this.reloadIfChanged(), this.options.watchIntervalMs ?? 5000);
    t.unref();
    this.timer = t;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private fileStamp(files: string[]): string {
    return files
      .map((f) => {
        try {
          const s = fs.statSync(f);
          return `${f}|${s.mtimeMs}|${s.size}`;
        } catch {
          return `${f}|-`;
        }
      })
      .join('\n');
  }

  /** Re-reads the files when the set of files or one's mtime/size changed; a bad file keeps the old config. */
  reloadIfChanged(): boolean {
    const files = listAclFiles(this.options.file, this.options.dir);
    const stamp = this.fileStamp(files);
    if (stamp === this.stamp) return false;
    this.stamp = stamp;
    try {
      this.config = loadAclFiles(files);
      this.log.info({ files, accounts: this.config.accounts.size }, 'ACL reloaded');
      return true;
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'ACL file rejected; keeping the previous ACL');
      return false;
    }
  }

  /** Re-reads the files now, whatever their stamps say (after an ACL admin code wrote one). */
  reload(): boolean {
    this.stamp = '';
    return this.reloadIfChanged();
  }

  /** Throws the BrokerError Apache would answer with, or returns when the request may go on. */
  check(req: Parameters<RequestProcessor['handle']>[0], remoteAddr: string): void {
    try {
      validateAccess(this.config, parseAccessRequest(req, remoteAddr));
    } catch (err) {
      if (err instanceof AclError) {
        this.log.debug({ code: req.code, remote: remoteAddr, reason: err.message }, 'ACL refused a request');
        throw refusal(err);
      }
      throw err;
    }
  }

  guard(processor: RequestProcessor): RequestProcessor {
    return {
      handle: (req, channel) => {
        this.check(req, channel.remoteAddr);
        return processor.handle(req, channel);
      },
    };
  }

  /** Makes every processor registered on `table` from now on go through the ACL check first. */
  install(table: ProcessorTable): void {
    const register = table.register.bind(table);
    const registerDefault = table.registerDefault.bind(table);
    table.register = (codes, processor) => register(codes, this.guard(processor));
    table.registerDefault = (processor) => registerDefault(this.guard(processor));
  }
}
