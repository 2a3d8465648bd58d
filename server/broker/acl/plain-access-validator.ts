/**
 * The decision of RocketMQ 4.9.x plain ACL (PlainPermissionManager.validate), in Apache's order:
 *
 *  1. the caller's IP matches a global white address → allowed (no key, no signature needed);
 *  2. no AccessKey → "No accessKey is configured"; unknown key → "No acl config for K";
 *  3. the caller's IP matches the account's whiteRemoteAddress → allowed (no signature, no perms);
 *  4. wrong signature → "Check signature failed for accessKey=K";
 *  5. a PUB on RMQ_SYS_TRACE_TOPIC → allowed;
 *  6. an admin request code from a non-admin → "Need admin permission for request code=C, but accessKey=K is not";
 *  7. each resource against the account's perms (or its default topic/group perm) →
 *     "No default permission for topic:T" / "No default permission for group:G".
 *
 * Apache answers a refusal with SYSTEM_ERROR (1) and the remark "org.apache.rocketmq.acl.common.AclException:
 * <message>, <stack frame>"; `refusal()` gives the same code and the remark without the Java stack frame.
 */
import { BrokerError } from '../../common/errors';
import { ResponseCode } from '../../remoting/response-code';
import type { AccessRequest } from './access-resource';
import type { AclAccount, PlainAclConfig } from './plain-acl-config';
import { ADMIN_CODES, AclError, checkPermission, isRetryTopic, printResource, Perm } from './permission';
import { calSignature } from './signature';

export const RMQ_SYS_TRACE_TOPIC = 'RMQ_SYS_TRACE_TOPIC';
export const ACL_EXCEPTION_CLASS = 'org.apache.rocketmq.acl.common.AclException';

/** The response Apache's remoting layer makes of an AclException. */
export function refusal(err: AclError): BrokerError {
  return new BrokerError(ResponseCode.SYSTEM_ERROR, `${ACL_EXCEPTION_CLASS}: ${err.message}`);
}

function checkPerm(need: AccessRequest, owned: AclAccount): void {
  if (ADMIN_CODES.has(need.requestCode) && !owned.admin) {
    throw new AclError(`Need admin permission for request code=${need.requestCode}, but accessKey=${owned.accessKey} is not`);
  }
  if (need.resources.size === 0) return;
  if (!owned.resourcePerms && owned.admin) return;
  for (const [resource, needed] of need.resources) {
    const group = isRetryTopic(resource);
    const ownedPerm = owned.resourcePerms?.get(resource) ?? (group ? owned.defaultGroupPerm : owned.defaultTopicPerm);
    if (!checkPermission(needed, ownedPerm)) throw new AclError(`No default permission for ${printResource(resource)}`);
  }
}

/** Throws AclError when `req` must be refused. */
export function validateAccess(cfg: PlainAclConfig, req: AccessRequest): void {
  if (cfg.globalWhite.some((w) => w.matches(req.remoteIp))) return;
  if (req.accessKey == null) throw new AclError('No accessKey is configured');
  const owned = cfg.accounts.get(req.accessKey);
  if (!owned) throw new AclError(`No acl config for ${req.accessKey}`);
  if (owned.matchesWhiteAddress(req.remoteIp)) return;
  if (calSignature(req.content, owned.secretKey) !== req.signature) {
    throw new AclError(`Check signature failed for accessKey=${req.accessKey}`);
  }
  if (req.resources.get(RMQ_SYS_TRACE_TOPIC) === Perm.PUB) return;
  checkPerm(req, owned);
}
