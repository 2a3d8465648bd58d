/**
 * Client side of RocketMQ ACL 1.0, as Java's AclClientRPCHook: every request gets the ext fields
 * `AccessKey` (and `SecurityToken` when given) and then
 * `Signature` = base64(HMAC-SHA1(secretKey, UTF-8(all ext-field values sorted by key, concatenated) + body)).
 */
import crypto from 'node:crypto';
import type { RemotingClient } from '../../remoting/remoting-client';
import type { RemotingCommand } from '../../remoting/remoting-command';

export interface AclCredentials {
  accessKey: string;
  secretKey: string;
  securityToken?: string;
}

/** Adds AccessKey, SecurityToken and Signature to `cmd` (in place) and returns it. */
export function signRequest(cmd: RemotingCommand, cred: AclCredentials): RemotingCommand {
  const ext: Record<string, string> = {};
  for (const [k, v] of Object.entries(cmd.extFields ?? {})) if (v != null && k !== 'Signature') ext[k] = String(v);
  ext.AccessKey = cred.accessKey;
  if (cred.securityToken != null) ext.SecurityToken = cred.securityToken;
  const keys = Object.keys(ext).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mac = crypto.createHmac('sha1', Buffer.from(cred.secretKey, 'utf8'));
  mac.update(Buffer.from(keys.map((k) => ext[k]).join(''), 'utf8'));
  if (cmd.body && cmd.body.length > 0) mac.update(cmd.body);
  ext.Signature = mac.digest('base64');
  cmd.extFields = ext;
  return cmd;
}

/** Makes every request sent through `client` signed with `cred` (what registering the RPC hook does in Java). */
export function installSigner(client: RemotingClient, cred: AclCredentials | undefined): void {
  if (!cred) return;
  const invoke = client.invoke.bind(client);
  const invokeOneway = client.invokeOneway.bind(client);
  client.invoke = (addr, cmd, timeoutMs) => invoke(addr, signRequest(cmd, cred), timeoutMs);
  client.invokeOneway = (addr, cmd) => invokeOneway(addr, signRequest(cmd, cred));
}

/** Credentials from `{accessKey, secretKey}` options, or undefined when either is missing. */
export function credentialsOf(o: { accessKey?: string; secretKey?: string; securityToken?: string }): AclCredentials | undefined {
  if (!o.accessKey || !o.secretKey) return undefined;
  return { accessKey: o.accessKey, secretKey: o.secretKey, securityToken: o.securityToken };
}
