/**
 * Edits the plain ACL files the way Apache 4.9.x's PlainPermissionManager does for the admin codes
 * UPDATE_AND_CREATE_ACL_CONFIG, DELETE_ACL_CONFIG and UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, and reads them
 * back for GET_BROKER_CLUSTER_ACL_INFO / GET_BROKER_CLUSTER_ACL_CONFIG.
 *
 * - An account is edited in the file that defines it (the first, in load order); a new account goes to
 *   the main file (created when missing).
 * - Every write bumps the file's `dataVersion: [{counter, timestamp}]` entry, as Apache does.
 * - Files are replaced atomically (temporary file + rename), so the guard never reads half a file; the
 *   caller then reloads the guard.
 * - As with Apache's YAML dump, comments in an edited file are not kept.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { DataVersion } from '../../remoting/body/route-data';
import type { AclConfigBody, PlainAccessConfig } from '../../remoting/body/admin-debug';
import { buildAccount, listAclFiles } from './plain-acl-config';
import { AclError, Perm, parsePerm } from './permission';

const MIN_KEY_LENGTH = 6;

type YamlMap = Record<string, unknown>;

/** Java's String.split(","): trailing empty strings dropped, but "" gives [""]. */
export function javaSplit(text: string | undefined, sep = ','): string[] | undefined {
  if (text == null) return undefined;
  const parts = text.split(sep);
  if (text.length === 0) return parts;
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Apache's Permission.checkResourcePerms: each entry is "Res=Perm" with a known permission. */
export function checkResourcePerms(resources: readonly string[] | undefined): void {
  for (const resource of resources ?? []) {
    const items = resource.split('=').filter((s) => s.length > 0);
    if (items.length !== 2) {
      throw new AclError(`Parse Resource format error for ${resource}.\nThe expected resource format is 'Res=Perm'. For example: topicA=SUB`);
    }
    const perm = items[1].trim();
    if (perm !== 'DENY' && parsePerm(perm) === Perm.DENY) {
      throw new AclError(`Parse resource permission error for ${resource}.\nThe expected permissions are 'SUB' or 'PUB' or 'SUB|PUB' or 'PUB|SUB'.`);
    }
  }
}

export interface AclEditorOptions {
  /** The main ACL file (Apache: $ROCKETMQ_HOME/conf/plain_acl.yml). */
  file: string;
  /** The directory of further ACL files (Apache: $ROCKETMQ_HOME/conf/acl). */
  dir?: string;
}

export class AclConfigEditor {
  readonly mainFile: string;

  constructor(private readonly options: AclEditorOptions) {
    this.mainFile = path.resolve(options.file);
  }

  files(): string[] {
    return listAclFiles(this.mainFile, this.options.dir);
  }

  private read(file: string): YamlMap | undefined {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    const doc: unknown = parseYaml(text);
    return doc != null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as YamlMap) : undefined;
  }

  private write(file: string, data: YamlMap): void {
    const prev = readVersion(data);
    data.dataVersion = [{ counter: (prev?.counter ?? 0) + 1, timestamp: Date.now() }];
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, stringifyYaml(data));
    try {
      fs.renameSync(tmp, file);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
  }

  /** The file that defines `accessKey`, with its parsed content. */
  private findAccount(accessKey: string): { file: string; data: YamlMap; accounts: YamlMap[]; index: number } | undefined {
    for (const file of this.files()) {
      const data = this.read(file);
      const accounts = Array.isArray(data?.accounts) ? (data.accounts as YamlMap[]) : undefined;
      const index = accounts?.findIndex((a) => a != null && String(a.accessKey) === accessKey) ?? -1;
      if (data && accounts && index >= 0) return { file, data, accounts, index };
    }
    return undefined;
  }

  /** Creates or updates an account; throws AclError with Apache's message when the config is invalid. */
  updateAccessConfig(cfg: PlainAccessConfig): void {
    const { accessKey, secretKey } = cfg;
    if (accessKey == null || secretKey == null || accessKey.length <= MIN_KEY_LENGTH || secretKey.length <= MIN_KEY_LENGTH) {
      throw new AclError(`The accessKey=${accessKey ?? null} and secretKey=${secretKey ?? null} cannot be null and length should longer than 6`);
    }
    checkResourcePerms(cfg.topicPerms);
    checkResourcePerms(cfg.groupPerms);
    const found = this.findAccount(accessKey);
    const merged = mergeAccount(found ? found.accounts[found.index] : undefined, cfg);
    // The guard must be able to load what is written.
    buildAccount(merged, found?.file ?? this.mainFile);
    if (found) {
      // Apache removes the old entry and appends the updated one.
      found.accounts.splice(found.index, 1);
      found.accounts.push(merged);
      this.write(found.file, found.data);
      return;
    }
    const data = this.read(this.mainFile) ?? {};
    const accounts = Array.isArray(data.accounts) ? (data.accounts as YamlMap[]) : [];
    accounts.push(merged);
    data.accounts = accounts;
    this.write(this.mainFile, data);
  }

  /** False when no file defines the key (Apache: DELETE_ACL_CONFIG_FAILED). */
  deleteAccessConfig(accessKey: string | undefined): boolean {
    if (!accessKey) return false;
    const found = this.findAccount(accessKey);
    if (!found) return false;
    found.accounts.splice(found.index, 1);
    this.write(found.file, found.data);
    return true;
  }

  /**
   * Replaces `globalWhiteRemoteAddresses` of one ACL file (the main file when `file` is empty). False when
   * the file is not one of the ACL files (Apache: not under $ROCKETMQ_HOME, missing, or a directory).
   */
  updateGlobalWhiteAddrs(addrs: string[] | undefined, file: string | undefined): boolean {
    if (addrs == null) return false;
    const target = file ? path.resolve(file) : this.mainFile;
    if (target === this.mainFile && !fs.existsSync(target)) {
      // Apache creates the main file at start; Orbit creates it on the first write.
    } else if (!this.files().includes(target) || !fs.statSync(target).isFile()) {
      return false;
    }
    const data = this.read(target) ?? {};
    data.globalWhiteRemoteAddresses = [...addrs];
    this.write(target, data);
    return true;
  }

  /** Every file's accounts (first definition of a key wins) and global white addresses. */
  allAclConfig(): AclConfigBody {
    const seen = new Set<string>();
    const out: AclConfigBody = { globalWhiteAddrs: [], plainAccessConfigs: [] };
    for (const file of this.files()) {
      const data = this.read(file);
      if (!data) continue;
      if (Array.isArray(data.globalWhiteRemoteAddresses)) out.globalWhiteAddrs.push(...data.globalWhiteRemoteAddresses.map(String));
      for (const a of Array.isArray(data.accounts) ? (data.accounts as YamlMap[]) : []) {
        if (a == null || a.accessKey == null || seen.has(String(a.accessKey))) continue;
        seen.add(String(a.accessKey));
        out.plainAccessConfigs.push(toPlainAccessConfig(a));
      }
    }
    return out;
  }

  /** The main file's DataVersion and every file's, as GET_BROKER_CLUSTER_ACL_INFO reports them. */
  versions(): { main: DataVersion; all: Map<string, DataVersion> } {
    const all = new Map<string, DataVersion>();
    for (const file of this.files()) all.set(file, this.versionOf(file));
    return { main: all.get(this.mainFile) ?? { counter: 0, timestamp: Date.now() }, all };
  }

  private versionOf(file: string): DataVersion {
    let data: YamlMap | undefined;
    try {
      data = this.read(file);
    } catch {
      data = undefined;
    }
    const v = data && readVersion(data);
    if (v) return v;
    // Apache stamps an unversioned file with its load time; the file's mtime is the stable equivalent.
    let ts = Date.now();
    try {
      ts = Math.floor(fs.statSync(file).mtimeMs);
    } catch {
      // keep now
    }
    return { counter: 0, timestamp: ts };
  }
}

function readVersion(data: YamlMap): DataVersion | undefined {
  const list = data.dataVersion;
  const first: unknown = Array.isArray(list) ? list[0] : undefined;
  if (first == null || typeof first !== 'object') return undefined;
  const f = first as YamlMap;
  const counter = Number(f.counter ?? 0);
  const timestamp = Number(f.timestamp ?? 0);
  return { counter: Number.isFinite(counter) ? counter : 0, timestamp: Number.isFinite(timestamp) ? timestamp : 0 };
}

/** Apache's createAclAccessConfigMap: the given fields overwrite the stored account's; `admin` always. */
function mergeAccount(existing: YamlMap | undefined, cfg: PlainAccessConfig): YamlMap {
  const out: YamlMap = existing ? { ...existing } : {};
  out.accessKey = cfg.accessKey;
  if (cfg.secretKey) out.secretKey = cfg.secretKey;
  if (cfg.whiteRemoteAddress != null) out.whiteRemoteAddress = cfg.whiteRemoteAddress;
  out.admin = cfg.admin;
  if (cfg.defaultTopicPerm) out.defaultTopicPerm = cfg.defaultTopicPerm;
  if (cfg.defaultGroupPerm) out.defaultGroupPerm = cfg.defaultGroupPerm;
  if (cfg.topicPerms != null) out.topicPerms = [...cfg.topicPerms];
  if (cfg.groupPerms != null) out.groupPerms = [...cfg.groupPerms];
  return out;
}

function toPlainAccessConfig(a: YamlMap): PlainAccessConfig {
  const text = (v: unknown) => (v == null ? undefined : String(v));
  const list = (v: unknown) => (v == null ? undefined : (Array.isArray(v) ? v : [v]).map(String));
  return {
    accessKey: text(a.accessKey),
    secretKey: text(a.secretKey),
    whiteRemoteAddress: text(a.whiteRemoteAddress),
    admin: a.admin === true || a.admin === 'true',
    defaultTopicPerm: text(a.defaultTopicPerm),
    defaultGroupPerm: text(a.defaultGroupPerm),
    topicPerms: list(a.topicPerms),
    groupPerms: list(a.groupPerms),
  };
}
