/**
 * plain_acl.yml (RocketMQ 4.9.x):
 *
 *   globalWhiteRemoteAddresses: [10.10.103.*, 192.168.0.*]
 *   accounts:
 *     - accessKey: RocketMQ            # longer than 6 characters
 *       secretKey: 12345678            # longer than 6 characters (YAML numbers are read as their text)
 *       whiteRemoteAddress: 192.168.0.*  # this address needs neither signature nor permissions
 *       admin: false
 *       defaultTopicPerm: DENY         # missing = DENY
 *       defaultGroupPerm: SUB
 *       topicPerms: [topicA=DENY, topicB=PUB|SUB]
 *       groupPerms: [groupA=DENY, groupB=SUB]
 *
 * Several files may be given (Apache reads `conf/plain_acl.yml` and every .yml/.yaml under `conf/acl/`);
 * an access key defined twice keeps its first definition.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AclError, parsePerm, parseResourcePerms } from './permission';
import { addressMatcher, type AddressMatcher } from './remote-address';

export interface AclAccount {
  accessKey: string;
  secretKey: string;
  whiteRemoteAddress?: string;
  matchesWhiteAddress: AddressMatcher;
  admin: boolean;
  defaultTopicPerm: number;
  defaultGroupPerm: number;
  /** undefined when the account lists no topicPerms/groupPerms (an admin then may do anything). */
  resourcePerms: Map<string, number> | undefined;
  file: string;
}

export interface PlainAclConfig {
  globalWhite: { pattern: string; matches: AddressMatcher }[];
  accounts: Map<string, AclAccount>;
  files: string[];
}

const MIN_KEY_LENGTH = 6;

const text = (v: unknown): string | undefined => (v == null ? undefined : String(v));
const list = (v: unknown): unknown[] | undefined => (v == null ? undefined : Array.isArray(v) ? v : [v]);

export function buildAccount(raw: Record<string, unknown>, file: string): AclAccount {
  const accessKey = text(raw.accessKey);
  const secretKey = text(raw.secretKey);
  if (accessKey == null || secretKey == null || accessKey.length <= MIN_KEY_LENGTH || secretKey.length <= MIN_KEY_LENGTH) {
    throw new AclError(`The accessKey=${accessKey ?? null} and secretKey=${secretKey ?? null} cannot be null and length should longer than 6`);
  }
  const whiteRemoteAddress = text(raw.whiteRemoteAddress);
  const resourcePerms = new Map<string, number>();
  parseResourcePerms(resourcePerms, false, list(raw.groupPerms));
  parseResourcePerms(resourcePerms, true, list(raw.topicPerms));
  return {
    accessKey,
    secretKey,
    whiteRemoteAddress,
    matchesWhiteAddress: addressMatcher(whiteRemoteAddress),
    admin: raw.admin === true || raw.admin === 'true',
    defaultTopicPerm: parsePerm(text(raw.defaultTopicPerm)),
    defaultGroupPerm: parsePerm(text(raw.defaultGroupPerm)),
    resourcePerms: resourcePerms.size > 0 ? resourcePerms : undefined,
    file,
  };
}

/** Parses one file's text into `into`; throws AclError on a malformed file or account. */
export function addAclText(into: PlainAclConfig, yamlText: string, file: string): void {
  let doc: unknown;
  try {
    doc = parseYaml(yamlText);
  } catch (err) {
    throw new AclError(`${file}: ${(err as Error).message}`);
  }
  into.files.push(file);
  if (doc == null) return; // an empty file: nothing configured
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new AclError(`${file}: not a YAML mapping`);
  const d = doc as Record<string, unknown>;
  for (const p of list(d.globalWhiteRemoteAddresses) ?? []) {
    const pattern = String(p);
    into.globalWhite.push({ pattern, matches: addressMatcher(pattern) });
  }
  for (const a of list(d.accounts) ?? []) {
    if (a == null || typeof a !== 'object') throw new AclError(`${file}: an account is not a mapping`);
    const acct = buildAccount(a as Record<string, unknown>, file);
    if (!into.accounts.has(acct.accessKey)) into.accounts.set(acct.accessKey, acct);
  }
}

export function emptyAclConfig(): PlainAclConfig {
  return { globalWhite: [], accounts: new Map(), files: [] };
}

/** The ACL files: `mainFile` (when it exists) and every .yml/.yaml under `extraDir` (when given), sorted. */
export function listAclFiles(mainFile: string, extraDir?: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.push(p);
    }
  };
  if (extraDir) walk(extraDir);
  const main = path.resolve(mainFile);
  if (fs.existsSync(main) && !out.includes(main)) out.push(main);
  return out;
}

export function loadAclFiles(files: readonly string[]): PlainAclConfig {
  const cfg = emptyAclConfig();
  for (const f of files) addAclText(cfg, fs.readFileSync(f, 'utf8'), f);
  return cfg;
}
