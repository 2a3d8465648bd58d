/**
 * Per-client state of the gRPC endpoint, keyed by `x-mq-client-id`: the settings the client sent on Telemetry
 * (its type, topics or group and subscriptions) and the open Telemetry streams the proxy sends server commands
 * on. Nothing is persisted: a client that reconnects to another proxy sends its settings there.
 */
import type * as grpc from '@grpc/grpc-js';
import type { Settings, TelemetryCommand } from '../grpc/proto-types';

export type TelemetryStream = grpc.ServerDuplexStream<TelemetryCommand, TelemetryCommand>;

export interface ClientState {
  readonly clientId: string;
  /** The client's own settings (not the merged reply). */
  settings?: Settings;
  /** The merged settings last sent back (what the client now runs with). */
  effective?: Settings;
  streams: Set<TelemetryStream>;
  lastSeenMs: number;
}

export class ClientManager {
  private readonly clients = new Map<string, ClientState>();

  get(clientId: string): ClientState | undefined {
    return this.clients.get(clientId);
  }

  private getOrCreate(clientId: string): ClientState {
    let c = this.clients.get(clientId);
    if (!c) {
      c = { clientId, streams: new Set(), lastSeenMs: Date.now() };
      this.clients.set(clientId, c);
    }
    return c;
  }

  settings(clientId: string): Settings | undefined {
    return this.clients.get(clientId)?.settings;
  }

  updateSettings(clientId: string, settings: Settings, effective: Settings, stream: TelemetryStream): void {
    const c = this.getOrCreate(clientId);
    c.settings = settings;
    c.effective = effective;
    c.streams.add(stream);
    c.lastSeenMs = Date.now();
  }

  touch(clientId: string): void {
    const c = this.clients.get(clientId);
    if (c) c.lastSeenMs = Date.now();
  }

  detachStream(clientId: string, stream: TelemetryStream): void {
    this.clients.get(clientId)?.streams.delete(stream);
  }

  /** NotifyClientTermination: forget the client; its streams end. */
  remove(clientId: string): ClientState | undefined {
    const c = this.clients.get(clientId);
    this.clients.delete(clientId);
    for (const s of c?.streams ?? []) s.end();
    return c;
  }

  /** Clients with an open stream whose producer settings list `topic` (who can answer a transaction check). */
  producersOf(topic: string): ClientState[] {
    const out: ClientState[] = [];
    for (const c of this.clients.values()) {
      if (c.streams.size === 0 || !c.settings?.publishing) continue;
      if ((c.settings.publishing.topics ?? []).some((t) => t.name === topic)) out.push(c);
    }
    return out;
  }

  /** Writes a server command on the client's newest stream; false when it has none. */
  send(c: ClientState, cmd: TelemetryCommand): boolean {
    const streams = [...c.streams];
    for (let i = streams.length - 1; i >= 0; i--) {
      const s = streams[i];
      if (s.destroyed || s.writableEnded) {
        c.streams.delete(s);
        continue;
      }
      s.write(cmd);
      return true;
    }
    return false;
  }

  all(): IterableIterator<ClientState> {
    return this.clients.values();
  }

  clear(): void {
    for (const c of this.clients.values()) for (const s of c.streams) s.end();
    this.clients.clear();
  }
}
