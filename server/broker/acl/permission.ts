/**
 * Permission bits and their text form, as RocketMQ 4.9.x plain ACL defines them:
 * DENY=1, ANY=2, PUB=4, SUB=8; "PUB", "SUB", "PUB|SUB" / "SUB|PUB", "DENY"; anything else (or nothing) is DENY.
 */
import { RequestCode } from '../../remoting/request-code';

export const Perm = { DENY: 1, ANY: 2, PUB: 4, SUB: 8 } as const;

export const RETRY_GROUP_TOPIC_PREFIX = '%RETRY%';

/** Requests that only an `admin: true` account may make (Apache's Permission.ADMIN_CODE). */
export const ADMIN_CODES: ReadonlySet<number> = new Set([
  RequestCode.UPDATE_AND_CREATE_TOPIC,
  RequestCode.UPDATE_BROKER_CONFIG,
  RequestCode.DELETE_TOPIC_IN_BROKER,
  RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
  RequestCode.DELETE_SUBSCRIPTIONGROUP,
]);

/** Thrown for anything the ACL refuses or cannot parse; the message is Apache's AclException message. */
export class AclError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AclError';
  }
}

export function parsePerm(text: string | undefined | null): number {
  if (text == null) return Perm.DENY;
  switch (text.trim()) {
    case 'PUB':
      return Perm.PUB;
    case 'SUB':
      return Perm.SUB;
    case 'PUB|SUB':
    case 'SUB|PUB':
      return Perm.PUB | Perm.SUB;
    default:
      return Perm.DENY;
  }
}

/** Does `owned` grant `needed`? DENY in `owned` refuses everything; ANY is met by PUB or SUB. */
export function checkPermission(needed: number, owned: number): boolean {
  if (owned & Perm.DENY) return false;
  if (needed & Perm.ANY) return (owned & Perm.PUB) !== 0 || (owned & Perm.SUB) !== 0;
  return (needed & owned) !== 0;
}

export const retryTopic = (group: string): string => RETRY_GROUP_TOPIC_PREFIX + group;
export const isRetryTopic = (topic: string | undefined): boolean => topic != null && topic.startsWith(RETRY_GROUP_TOPIC_PREFIX);

/** "topic:T" or "group:G" (for a %RETRY%G key), as in Apache's remarks. */
export function printResource(resource: string): string {
  return isRetryTopic(resource) ? `group:${resource.slice(RETRY_GROUP_TOPIC_PREFIX.length)}` : `topic:${resource}`;
}

/**
 * `["topicA=DENY", "topicB=PUB|SUB"]` into `map` (groups are keyed by their retry topic, as Apache does).
 * Apache splits on "=" dropping empty tokens, so "a==SUB" is "a"/"SUB" and "a=b=SUB" is an error.
 */
export function parseResourcePerms(map: Map<string, number>, isTopic: boolean, items: readonly unknown[] | undefined): void {
  for (const item of items ?? []) {
    const text = String(item);
    const parts = text.split('=').filter((s) => s.length > 0);
    if (parts.length !== 2) throw new AclError(`Parse resource permission failed for ${isTopic ? 'topic' : 'group'}:${text}`);
    const name = parts[0].trim();
    map.set(isTopic ? name : retryTopic(name), parsePerm(parts[1]));
  }
}
