/**
 * `orbit console`: the web console's server. Optionally starts the embedded NameServer + Broker first, hands
 * the console its settings through `setConsoleEnv`, then serves the Next.js app from a node:http server.
 *
 * Production mode serves the output of `next build` (`npm run build`); `dev: true` compiles on the fly.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import next from 'next';
import { setConsoleEnv } from '../common/config';
import { ConfigError } from '../common/errors';
import { logger } from '../common/logger';
import { shutdownAdminClients } from '../console/admin-client-cache';
// Not through server/console/index.ts, which is `server-only`; the engine is on globalThis, so this stops the one Next.js started.
import { stopAlerting } from '../console/alerts/alert-service';
import { recordRefusal } from '../console/audit/audit-service';
import { describeAction } from '../console/audit/describe-action';
import { stopLiveTails } from '../console/live-tail/live-tail-service';
import { configureConsoleAuth, type ConsoleAuthState } from '../console/auth/auth-state';
import { consoleAuthMode } from '../console/auth/binding';
import { gateRequest, type GateDecision } from '../console/auth/gate';
import { applyForwarded, parseTrustedProxies, resolveForwarded, type TrustedProxies } from '../console/auth/forwarded';
import { SESSIONS_FILE } from '../console/auth/session-file';
import { loadUsersFile, type UsersConfig } from '../console/auth/users';

export interface ConsoleOptions {
  /** Address to bind; default 127.0.0.1. */
  host: string;
  /** Port to listen on; 0 picks a free one (the ready line shows which). */
  port: number;
  /** Start a NameServer and Broker in this process and point the console at them. */
  embedded: boolean;
  /** Name server list to attach to (`host:port[;host:port]`); ignored when `embedded`. */
  namesrv?: string;
  /** Next.js development mode (compiles on request, hot reload). */
  dev: boolean;
  /** Data root: the console keeps its settings in `<dataDir>/console`, the embedded broker its store in `<dataDir>/store`. */
  dataDir?: string;
  /** Embedded NameServer port (default 9876). */
  namesrvPort?: number;
  /** Embedded Broker port (default 10911). */
  brokerPort?: number;
  /** Embedded gRPC proxy port (default 8081, 0 picks a free one). */
  proxyPort?: number;
  /**
   * Users file (JSON or YAML; see server/console/auth/users.ts). Without one the console runs open (no login,
   * everyone is admin), which is allowed on a loopback address only.
   */
  usersFile?: string;
  /**
   * Reverse proxies (addresses or CIDR blocks, comma-separated) whose X-Forwarded-For/-Host/-Proto are
   * believed; from any other peer those headers are dropped.
   */
  trustProxy?: string;
}

export interface RunningConsole {
  /** `http://HOST:PORT` the console answers on. */
  url: string;
  close(): Promise<void>;
}

const log = logger.child({ module: 'console-server' });

/** The repository root, where `app/`, `next.config.js` and `.next/` live. */
const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') reject(new ConfigError(`port ${port} on ${host} is already in use; pick another with --port`));
      else if (err.code === 'EADDRNOTAVAIL') reject(new ConfigError(`cannot bind ${host}: no such local address`));
      else if (err.code === 'EACCES') reject(new ConfigError(`no permission to listen on ${host}:${port}`));
      else reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
    // Keep-alive and streaming responses would hold close() open; the console has no long-lived requests worth waiting for.
    setTimeout(() => server.closeAllConnections(), 2_000).unref();
  });
}

/**
 * Runs `fn` with stdout writes sent to stderr: Next.js prints start-up chatter on stdout, and stdout is
 * kept for the one ready line that scripts and tests wait for.
 */
async function withStdoutToStderr<T>(fn: () => Promise<T>): Promise<T> {
  const original = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = original;
  }
}

/** Security headers on every answer: no framing (clickjacking), no MIME sniffing, no cross-site referrers. */
const SECURITY_HEADERS: [string, string][] = [
  ['x-frame-options', 'DENY'],
  ['content-security-policy', "frame-ancestors 'none'"],
  ['x-content-type-options', 'nosniff'],
  ['referrer-policy', 'same-origin'],
];

/** The gate's refusal in the audit log, as user `-` (throttled per address: anyone can cause these). */
function auditGateRefusal(req: IncomingMessage, clientIp: string, decision: Exclude<GateDecision, { kind: 'pass' }>): void {
  let pathname = '/';
  try {
    pathname = new URL(req.url ?? '/', 'http://console.invalid').pathname;
  } catch {
    // An unparsable URL is refused with 400 and recorded under '/'.
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const status = decision.kind === 'redirect' ? 303 : decision.status;
  void recordRefusal({
    ts: new Date().toISOString(),
    user: '-',
    ip: clientIp,
    method,
    path: pathname.slice(0, 512),
    action: describeAction(method, pathname).action,
    outcome: 'denied',
    status,
    detail: decision.kind === 'redirect' ? 'LOGIN_REQUIRED' : 'UNAUTHENTICATED',
  }).catch((err: unknown) => log.warn({ err }, 'cannot audit a refused request'));
}

function isRouterFetch(req: IncomingMessage): boolean {
  return req.headers.rsc !== undefined || req.headers['next-router-prefetch'] !== undefined || req.headers.purpose === 'prefetch';
}

/**
 * Gates a request before Next.js sees it (see `gateRequest`); records the client address, host and scheme
 * it believes in headers the API trusts (see `applyForwarded`: forwarded headers count only from a trusted
 * proxy, and client-sent values are replaced). True when the request may go on.
 */
function admit(auth: ConsoleAuthState, trusted: TrustedProxies, req: IncomingMessage, res: ServerResponse): boolean {
  const peer = req.socket.remoteAddress;
  const facts = resolveForwarded(peer, req.headers, trusted);
  applyForwarded(req.headers, facts, peer !== undefined && trusted.has(peer));
  for (const [k, v] of SECURITY_HEADERS) res.setHeader(k, v);
  const decision = gateRequest(auth, { method: req.method, url: req.url, headers: { cookie: req.headers.cookie, authorization: req.headers.authorization } });
  if (decision.kind === 'pass') return true;
  // Next.js prefetches every link a page shows (the login page too): those redirects are no one's attempt.
  if (!(decision.kind === 'redirect' && isRouterFetch(req))) auditGateRefusal(req, facts.clientIp, decision);
  if (decision.kind === 'redirect') {
    res.writeHead(303, { location: decision.location, 'cache-control': 'no-store' });
    res.end();
  } else {
    res.writeHead(decision.status, decision.headers);
    res.end(decision.body);
  }
  return false;
}

/** Loads the users file (if any) and decides the mode; throws a ConfigError when the console must not start. */
export function prepareConsoleAuth(host: string, usersFile: string | undefined): { mode: 'open' | 'users'; users?: UsersConfig } {
  const users = usersFile ? loadUsersFile(usersFile) : undefined;
  return { mode: consoleAuthMode(host, users?.users.length), users };
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function runConsole(opts: ConsoleOptions): Promise<RunningConsole> {
  const host = opts.host || '127.0.0.1';
  const dataDir = path.resolve(opts.dataDir ?? '.orbit-data');
  const consoleDir = path.join(dataDir, 'console');
  const { mode, users } = prepareConsoleAuth(host, opts.usersFile);
  const trusted = parseTrustedProxies(opts.trustProxy);
  if (!opts.dev && !existsSync(path.join(REPO_ROOT, '.next', 'BUILD_ID'))) {
    throw new ConfigError('no production build of the console found: run `npm run build` first, or start with --dev');
  }

  // Bind first so a taken port fails at once, before anything else starts. Requests that arrive while
  // Next.js prepares wait for it.
  let handle: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const auth = configureConsoleAuth(users, users ? { file: path.join(consoleDir, SESSIONS_FILE) } : {});
  // The data dir before the first request: the gate audits refusals while the rest still starts.
  setConsoleEnv({ usersFile: users && opts.usersFile ? path.resolve(opts.usersFile) : '', dataDir: consoleDir });
  if (trusted.spec.length > 0) log.info({ trustedProxies: trusted.spec }, 'forwarded headers are believed from these proxies only');
  if (mode === 'open') log.warn({ host }, 'console runs open: no users configured, everyone who reaches it is admin (loopback only)');
  else log.info({ users: users?.users.length }, 'console requires login');
  const server = createServer((req, res) => {
    if (!admit(auth, trusted, req, res)) return;
    void ready
      .then(() => handle!(req, res))
      .catch((err: unknown) => {
        log.error({ err, url: req.url }, 'request failed');
        if (!res.headersSent) {
          res.statusCode = 500;
          res.setHeader('content-type', 'text/plain; charset=utf-8');
        }
        res.end('internal error');
      });
  });
  const port = await listen(server, host, opts.port);
  const url = `http://${urlHost(host)}:${port}`;

  let cluster: { namesrvAddr: string; brokerAddr?: string; stop(): Promise<void> } | undefined;
  let app: ReturnType<typeof next> | undefined;
  const close = async () => {
    // Live tails end their streams first, so closing the server does not wait on them.
    await stopLiveTails().catch((err: unknown) => log.warn({ err }, 'stopping live tails failed'));
    await closeServer(server);
    auth.sessions.flush();
    await app?.close().catch((err: unknown) => log.warn({ err }, 'next close failed'));
    // The alert loop's last tick and webhooks still use the admin clients; its state and samples are saved here.
    await stopAlerting().catch((err: unknown) => log.warn({ err }, 'stopping alert evaluation failed'));
    await shutdownAdminClients();
    await cluster?.stop();
  };

  try {
    let namesrv = opts.namesrv;
    if (opts.embedded) {
      const { startEmbeddedCluster } = await import('./embedded');
      const started = await startEmbeddedCluster({
        host,
        namesrvPort: opts.namesrvPort ?? 9876,
        brokerPort: opts.brokerPort ?? 10911,
        proxyPort: opts.proxyPort ?? 8081,
        storeDir: path.join(dataDir, 'store'),
      });
      cluster = started;
      namesrv = started.namesrvAddr;
      log.info({ namesrvAddr: started.namesrvAddr, brokerAddr: started.brokerAddr, proxyAddr: started.proxyAddr }, 'embedded cluster started');
    }
    setConsoleEnv({ namesrv, dataDir: consoleDir, embedded: opts.embedded });

    const nextApp = next({ dev: opts.dev, dir: REPO_ROOT, hostname: host, port, httpServer: server });
    app = nextApp;
    await withStdoutToStderr(() => nextApp.prepare());
    handle = app.getRequestHandler();
    markReady();
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }

  process.stdout.write(`orbit console listening on ${url}\n`);
  return { url, close };
}
