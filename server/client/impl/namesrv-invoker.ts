/**
 * Calls to a list of name servers: all of them hold the same routes (brokers register with each), so a call
 * goes to the one that last answered and fails over to the next on a transport error.
 */
import { BrokerError, RemotingError } from '../../common/errors';
import { parseAddrList } from '../../common/net';
import type { RemotingClient } from '../../remoting/remoting-client';
import type { RemotingCommand } from '../../remoting/remoting-command';

export class NamesrvInvoker {
  private addrs: string[];
  private current = 0;

  constructor(
    private readonly client: RemotingClient,
    namesrvAddr: string,
    private readonly timeoutMs: number,
  ) {
    this.addrs = parseAddrList(namesrvAddr);
    this.current = Math.floor(Math.random() * this.addrs.length);
  }

  get addresses(): readonly string[] {
    return this.addrs;
  }

  setAddresses(namesrvAddr: string): void {
    this.addrs = parseAddrList(namesrvAddr);
    this.current = 0;
  }

  /** Invoke on the first name server that answers; transport errors move on, response codes are returned as is. */
  async invoke(make: () => RemotingCommand): Promise<RemotingCommand> {
    let lastErr: unknown;
    for (let i = 0; i < this.addrs.length; i++) {
      const idx = (this.current + i) % this.addrs.length;
      const addr = this.addrs[idx];
      try {
        const res = await this.client.invoke(addr, make(), this.timeoutMs);
        this.current = idx;
        return res;
      } catch (err) {
        lastErr = err;
        if (!(err instanceof RemotingError)) throw err;
        this.client.closeChannel(addr);
      }
    }
    throw lastErr ?? new BrokerError(1, 'no name server address');
  }
}
