/** Validation of name server address lists, shared by the settings form (browser) and the API (Node). */
import { z } from 'zod';

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6_BRACKETED = /^\[[0-9A-Fa-f:.]+(?:%[A-Za-z0-9]+)?\]$/;

/** Why one `host:port` entry is wrong, or null when it is fine. */
export function namesrvAddrProblem(addr: string): string | null {
  if (addr.includes(',')) return `"${addr}": separate addresses with ";", not ","`;
  if (/\s/.test(addr)) return `"${addr}" contains spaces`;
  const idx = addr.lastIndexOf(':');
  if (idx <= 0 || idx === addr.length - 1) return `"${addr}" is not host:port`;
  const host = addr.slice(0, idx);
  const portText = addr.slice(idx + 1);
  if (!/^\d{1,5}$/.test(portText)) return `"${addr}" has a bad port`;
  const port = Number(portText);
  if (port < 1 || port > 65535) return `"${addr}": port must be 1–65535`;
  if (host.includes(':') && !IPV6_BRACKETED.test(host)) return `"${addr}": write IPv6 hosts in brackets, e.g. [::1]:9876`;
  if (!host.includes(':') && !HOSTNAME.test(host)) return `"${addr}" has a bad host name`;
  return null;
}

/** Splits on ';' (RocketMQ's separator), trimming blanks and dropping empty entries. */
export function splitNamesrvList(list: string): string[] {
  return list
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `host:port[;host:port…]`, normalised to no spaces and no duplicates. */
export const namesrvAddrListSchema = z
  .string()
  .trim()
  .max(2000, 'address list is too long')
  .transform((value, ctx) => {
    const addrs = [...new Set(splitNamesrvList(value))];
    if (addrs.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'enter at least one name server as host:port' });
      return z.NEVER;
    }
    for (const addr of addrs) {
      const problem = namesrvAddrProblem(addr);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
    }
    return addrs.join(';');
  });

/** Body of `PUT /api/settings/namesrv`. */
export const namesrvSettingInputSchema = z.strictObject({
  namesrvAddr: namesrvAddrListSchema,
});

export type NamesrvSettingInput = z.input<typeof namesrvSettingInputSchema>;
