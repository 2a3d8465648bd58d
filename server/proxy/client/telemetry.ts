/**
 * The Telemetry bidi stream (§4): the client's settings in, the merged settings out (clients block until they
 * arrive), then kept open for server commands (RecoverOrphanedTransactionCommand…). A bad settings command ends the
 * stream with a gRPC status: INVALID_ARGUMENT for the client's faults (4xxxx codes), INTERNAL otherwise, as the
 * 5.x proxy does; the one exception to "errors go in the Status".
 */
import * as grpc from '@grpc/grpc-js';
import { isClientFault, okStatus, ProxyError, statusOf } from '../grpc/codes';
import { validGroup, validTopic } from '../grpc/names';
import type { Settings, TelemetryCommand } from '../grpc/proto-types';
import { requestContext, requireClientId } from '../grpc/request-context';
import type { ProxyDeps } from '../proxy-deps';
import type { TelemetryStream } from './client-manager';
import { mergeSettings } from './settings';

function endWithError(stream: TelemetryStream, err: unknown): void {
  const st = statusOf(err);
  const code = st.code === 'UNAUTHORIZED' ? grpc.status.UNAUTHENTICATED : isClientFault(st.code) ? grpc.status.INVALID_ARGUMENT : grpc.status.INTERNAL;
  stream.emit('error', { code, details: st.message } as grpc.ServiceError);
}

async function onSettings(deps: ProxyDeps, clientId: string, language: string, settings: Settings, stream: TelemetryStream): Promise<void> {
  let group;
  if (settings.publishing) {
    const topics = (settings.publishing.topics ?? []).map(validTopic);
    // Registered as producer of group = topic so the brokers' transaction checks reach this proxy.
    for (const t of topics) void deps.access.registerProducerTopic(t).catch(() => {});
  } else if (settings.subscription) {
    const name = validGroup(settings.subscription.group);
    const topics = (settings.subscription.subscriptions ?? []).map((s) => validTopic(s.topic));
    group = await deps.access.groupConfig(name, topics[0]).catch(() => undefined);
  } else {
    throw new ProxyError('BAD_REQUEST', 'there is no publishing or subscription data in settings');
  }
  const merged = mergeSettings(settings, deps.config, group);
  deps.clients.updateSettings(clientId, settings, merged, stream);
  stream.write({ status: okStatus(), settings: merged });
  if (language === 'HTTP') echoAgain(stream, { status: okStatus(), settings: merged });
}

/**
 * The Node client (x-mq-language HTTP) opens Telemetry while it still fetches the routes of its other topics, and
 * only then starts waiting for "the first settings command": a reply that came before that wait is lost and its
 * startup hangs forever (rocketmq-client-nodejs 1.0.8, BaseClient#startup). Apache's proxy is usually slow enough;
 * Orbit's is not, so the reply is sent again a few times. Settings are idempotent for every client.
 */
const ECHO_AFTER_MS = [200, 1000, 3000];

function echoAgain(stream: TelemetryStream, cmd: TelemetryCommand): void {
  for (const ms of ECHO_AFTER_MS) {
    const t = setTimeout(() => {
      if (!stream.cancelled && !stream.destroyed && stream.writable) stream.write(cmd);
    }, ms);
    t.unref();
  }
}

export function telemetryHandler(deps: ProxyDeps): grpc.handleBidiStreamingCall<TelemetryCommand, TelemetryCommand> {
  return (stream) => {
    const ctx = requestContext(stream);
    let clientId: string;
    try {
      deps.auth.check(ctx);
      clientId = requireClientId(ctx);
    } catch (err) {
      endWithError(stream, err);
      return;
    }
    let ended = false;
    const finish = () => {
      if (ended) return;
      ended = true;
      deps.clients.detachStream(clientId, stream);
    };
    stream.on('data', (cmd: TelemetryCommand) => {
      if (ended) return;
      deps.clients.touch(clientId);
      if (cmd.settings) {
        onSettings(deps, clientId, ctx.language, cmd.settings, stream).catch((err) => {
          finish();
          endWithError(stream, err);
        });
        return;
      }
      // Thread stack traces and verify results answer server commands Orbit does not send yet.
      if (cmd.threadStackTrace || cmd.verifyMessageResult) deps.log.debug({ clientId }, 'telemetry answer with no pending command');
    });
    stream.on('end', () => {
      finish();
      stream.end();
    });
    stream.on('error', finish);
    stream.on('cancelled', finish);
    stream.on('close', finish);
  };
}
