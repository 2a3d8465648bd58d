/**
 * gRPC ACL (§2): `authorization: MQv2-HMAC-SHA1 Credential=<AK>[/…], SignedHeaders=x-mq-date-time, Signature=<hex>`,
 * the signature being HMAC-SHA1 keyed with the secret over the `x-mq-date-time` value. The proxy checks it against
 * its own accounts (ProxyConfig.accounts) before a request reaches a broker, as the 5.x proxy authenticates the gRPC
 * request itself; permissions per topic or group are not checked (every valid account may do everything).
 */
import crypto from 'node:crypto';
import { ProxyError } from './codes';
import type { RequestContext } from './request-context';

export interface Credential {
  accessKey: string;
  signature: string;
}

/** Splits as the 5.x proxy does: on the first space, then `,`, then the first `=`; the user ends at the first `/`. */
export function parseAuthorization(value: string): Credential | undefined {
  const space = value.indexOf(' ');
  if (space < 0) return undefined;
  const fields = new Map<string, string>();
  for (const part of value.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signature = fields.get('Signature');
  if (!credential || !signature) return undefined;
  const slash = credential.indexOf('/');
  return { accessKey: slash < 0 ? credential : credential.slice(0, slash), signature };
}

export function sign(secretKey: string, dateTime: string): string {
  return crypto.createHmac('sha1', secretKey).update(dateTime, 'utf8').digest('hex').toUpperCase();
}

export class Authenticator {
  constructor(private readonly accounts: Readonly<Record<string, string>> | undefined) {}

  get enabled(): boolean {
    return !!this.accounts && Object.keys(this.accounts).length > 0;
  }

  /** Throws UNAUTHORIZED unless the request is signed by a known account (no-op without accounts). */
  check(ctx: RequestContext): void {
    if (!this.enabled) return;
    if (!ctx.authorization) throw new ProxyError('UNAUTHORIZED', 'authorization header is missing');
    const cred = parseAuthorization(ctx.authorization);
    if (!cred) throw new ProxyError('UNAUTHORIZED', 'authorization header is malformed');
    const secret = Object.prototype.hasOwnProperty.call(this.accounts, cred.accessKey) ? this.accounts![cred.accessKey] : undefined;
    if (secret === undefined) throw new ProxyError('UNAUTHORIZED', `no account for access key ${cred.accessKey}`);
    const expected = Buffer.from(sign(secret, ctx.dateTime), 'hex');
    const got = /^[0-9a-fA-F]+$/.test(cred.signature) ? Buffer.from(cred.signature, 'hex') : Buffer.alloc(0);
    if (got.length !== expected.length || !crypto.timingSafeEqual(got, expected)) {
      throw new ProxyError('UNAUTHORIZED', 'signature check failed');
    }
  }
}
