/** `host:port` parsing shared by CLI, namesrv lists and route data. */
import { ConfigError } from './errors';

export interface HostPort {
  host: string;
  port: number;
}

export function parseHostPort(addr: string): HostPort {
  const idx = addr.lastIndexOf(':');
  if (idx <= 0) throw new ConfigError(`bad address "${addr}": expected HOST:PORT`);
  const host = addr.slice(0, idx).replace(/^\[|\]$/g, '');
  const port = Number(addr.slice(idx + 1));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new ConfigError(`bad port in address "${addr}"`);
  return { host, port };
}

/** RocketMQ separates name server addresses with ';'. */
export function parseAddrList(list: string): string[] {
  const addrs = list
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const a of addrs) parseHostPort(a);
  return addrs;
}
