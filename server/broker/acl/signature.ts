/**
 * The request signature of RocketMQ ACL 1.0 (AclClientRPCHook, PlainAccessValidator):
 * base64(HMAC-SHA1(secretKey, UTF-8(values of the ext fields sorted by key, concatenated) + body)).
 * The broker leaves `Signature` and `_UNIQUE_KEY_QUERY` out of the content.
 */
import crypto from 'node:crypto';

export const ACCESS_KEY = 'AccessKey';
export const SIGNATURE = 'Signature';
export const SECURITY_TOKEN = 'SecurityToken';
/** MixAll.UNIQUE_MSG_QUERY_FLAG: a field the broker does not sign over. */
export const UNIQUE_MSG_QUERY_FLAG = '_UNIQUE_KEY_QUERY';

/** Java's TreeMap<String,…> order: UTF-16 code units, which is also JS's default string order. */
const byJavaOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The signed bytes: sorted ext-field values (minus `excluded` keys), then the body. */
export function signatureContent(
  extFields: Record<string, string | undefined | null> | undefined,
  body: Buffer | undefined,
  excluded: readonly string[] = [SIGNATURE],
): Buffer {
  const keys = Object.keys(extFields ?? {})
    .filter((k) => !excluded.includes(k) && extFields?.[k] != null)
    .sort(byJavaOrder);
  const text = Buffer.from(keys.map((k) => String(extFields?.[k])).join(''), 'utf8');
  return body && body.length > 0 ? Buffer.concat([text, body]) : text;
}

export function calSignature(content: Buffer, secretKey: string): string {
  return crypto.createHmac('sha1', Buffer.from(secretKey, 'utf8')).update(content).digest('base64');
}
