/**
 * What a request asks for, per request code, as Apache's PlainAccessValidator.parse reads it:
 * the caller's credentials and address, the signed content, and resource → needed permission
 * (topics by name, groups by their retry topic `%RETRY%group`).
 */
import { decodeHeartbeatData } from '../../remoting/body/heartbeat';
import type { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { AclError, isRetryTopic, Perm, retryTopic } from './permission';
import { ACCESS_KEY, SECURITY_TOKEN, SIGNATURE, signatureContent, UNIQUE_MSG_QUERY_FLAG } from './signature';

export interface AccessRequest {
  requestCode: number;
  /** The caller's IP (the remote address without its port). */
  remoteIp: string;
  accessKey?: string;
  signature?: string;
  securityToken?: string;
  /** resource (topic, or %RETRY%group) → needed permission */
  resources: Map<string, number>;
  /** The bytes the signature must cover; empty when the request had no ext fields. */
  content: Buffer;
}

/** "1.2.3.4:5678" → "1.2.3.4" (the last colon splits, so IPv6 hosts keep theirs). */
export function ipOf(remoteAddr: string): string {
  const i = remoteAddr.lastIndexOf(':');
  const host = i >= 0 ? remoteAddr.slice(0, i) : remoteAddr;
  return host.replace(/^\[(.*)\]$/, '$1');
}

export function parseAccessRequest(req: RemotingCommand, remoteAddr: string): AccessRequest {
  const out: AccessRequest = { requestCode: req.code, remoteIp: ipOf(remoteAddr), resources: new Map(), content: Buffer.alloc(0) };
  const ext = req.extFields;
  // Without ext fields there is no access key: only a global white-listed address gets through.
  if (!ext) return out;
  out.accessKey = ext[ACCESS_KEY];
  out.signature = ext[SIGNATURE];
  out.securityToken = ext[SECURITY_TOKEN];

  const add = (resource: string | undefined, perm: number) => {
    if (resource != null) out.resources.set(resource, perm);
  };
  const group = (g: string | undefined) => (g == null ? undefined : retryTopic(g));
  try {
    switch (req.code) {
      case RequestCode.SEND_MESSAGE:
        if (isRetryTopic(ext.topic)) add(group(ext.group ?? ext.producerGroup), Perm.SUB);
        else add(ext.topic, Perm.PUB);
        break;
      // Apache 4.9.x leaves SEND_BATCH_MESSAGE unchecked (signature only); Orbit checks it like SEND_MESSAGE_V2.
      case RequestCode.SEND_MESSAGE_V2:
      case RequestCode.SEND_BATCH_MESSAGE:
        if (isRetryTopic(ext.b)) add(group(ext.a), Perm.SUB);
        else add(ext.b, Perm.PUB);
        break;
      case RequestCode.CONSUMER_SEND_MSG_BACK:
        add(group(ext.group), Perm.SUB);
        break;
      case RequestCode.PULL_MESSAGE:
        add(ext.topic, Perm.SUB);
        add(group(ext.consumerGroup), Perm.SUB);
        break;
      case RequestCode.QUERY_MESSAGE:
        add(ext.topic, Perm.SUB);
        break;
      case RequestCode.HEART_BEAT: {
        const hb = decodeHeartbeatData(req.body);
        for (const c of hb.consumerDataSet) {
          add(group(c.groupName), Perm.SUB);
          for (const s of c.subscriptionDataSet) add(s.topic, Perm.SUB);
        }
        break;
      }
      case RequestCode.UNREGISTER_CLIENT:
      case RequestCode.GET_CONSUMER_LIST_BY_GROUP:
        add(group(ext.consumerGroup), Perm.SUB);
        break;
      case RequestCode.UPDATE_CONSUMER_OFFSET:
        add(group(ext.consumerGroup), Perm.SUB);
        add(ext.topic, Perm.SUB);
        break;
      default:
        break;
    }
  } catch (err) {
    throw new AclError((err as Error).message);
  }
  out.content = signatureContent(ext, req.body, [SIGNATURE, UNIQUE_MSG_QUERY_FLAG]);
  return out;
}
