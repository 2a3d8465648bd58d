/**
 * One TCP port for TLS and plaintext gRPC, as the 5.x proxy's permissive TLS mode: the first byte of a
 * connection decides. A TLS ClientHello starts with record type 0x16 (handshake); an HTTP/2 client starts with
 * its preface ("PRI * HTTP/2.0…"). Each socket is handed to grpc-js through a connection injector made with the
 * matching credentials, so grpc-js owns HTTP/2 framing and TLS either way. Java and Go 5.x clients default to
 * TLS (trusting any certificate), the Node client to plaintext.
 */
import net from 'node:net';
import * as grpc from '@grpc/grpc-js';
import selfsigned from 'selfsigned';
import type { LogSink } from '../../common/log-sink';

const TLS_HANDSHAKE_RECORD = 0x16;
/** A connection that sends nothing is closed after this long: it holds a socket and decides nothing. */
const FIRST_BYTE_TIMEOUT_MS = 10_000;

/** A self-signed certificate for this process (the 5.x proxy's `tlsTestModeEnable`): clients do not verify it. */
export async function selfSignedCredentials(host: string): Promise<grpc.ServerCredentials> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'orbit-proxy' }], {
    days: 3650,
    keySize: 2048,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, ...(net.isIP(host) ? [{ type: 7, ip: host }] : [{ type: 2, value: host }])] }],
  } as never);
  return grpc.ServerCredentials.createSsl(null, [{ private_key: Buffer.from(pems.private), cert_chain: Buffer.from(pems.cert) }], false);
}

export interface SniffingListener {
  readonly port: number;
  close(): Promise<void>;
}

export async function listenSniffing(
  server: grpc.Server,
  host: string,
  port: number,
  tls: grpc.ServerCredentials,
  log: LogSink,
): Promise<SniffingListener> {
  const secure = server.createConnectionInjector(tls);
  const plain = server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', (err) => log.debug({ err: err.message }, 'proxy connection error before gRPC'));
    socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, () => socket.destroy());
    socket.once('readable', () => {
      const first: Buffer | null = socket.read(1);
      if (!first) {
        socket.destroy();
        return;
      }
      socket.setTimeout(0);
      socket.unshift(first);
      // grpc-js treats the socket as freshly connected; the byte we peeked goes back in front of the stream.
      (first[0] === TLS_HANDSHAKE_RECORD ? secure : plain).injectConnection(socket);
    });
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, host, () => {
      tcp.off('error', reject);
      resolve();
    });
  });
  tcp.on('error', (err) => log.warn({ err: err.message }, 'proxy listener error'));
  const bound = (tcp.address() as net.AddressInfo).port;
  return {
    port: bound,
    close: async () => {
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
      secure.destroy();
      plain.destroy();
      for (const s of sockets) s.destroy();
    },
  };
}
