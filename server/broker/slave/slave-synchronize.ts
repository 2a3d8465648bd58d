/**
 * A slave's copy of its master's metadata (Apache's SlaveSynchronize): every 10 s the topic table (code 21, asked
 * on the master's VIP port listenPort − 2 as Apache's slave does, then on its main port when nothing listens
 * there), consumer offsets (43), delay-level progress (45) and subscription groups (201). A failed step is logged
 * and the others still run; the next round tries again.
 */
import type { Logger } from '../../common/logger';
import { decodeKVTable } from '../../remoting/body/route-data';
import { RemotingClient } from '../../remoting/remoting-client';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import type { ConsumerOffsetManager } from '../offset/consumer-offset-manager';
import type { ScheduleMessageService } from '../schedule/schedule-message-service';
import type { SubscriptionGroupManager } from '../subscription/subscription-group-manager';
import type { TopicConfigManager } from '../topic/topic-config-manager';

const CALL_TIMEOUT_MS = 3000;

export interface SlaveSyncTargets {
  topics: TopicConfigManager;
  offsets: ConsumerOffsetManager;
  schedule: ScheduleMessageService;
  groups: SubscriptionGroupManager;
}

export interface SlaveSyncStatus {
  masterAddr: string | undefined;
  lastSyncAt: number;
  lastError: string | undefined;
}

export class SlaveSynchronize {
  masterAddr: string | undefined;
  private readonly client: RemotingClient;
  private timer: NodeJS.Timeout | undefined;
  private first: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  private paused = false;
  private lastSyncAt = 0;
  private lastError: string | undefined;
  /** Bumped by pause(): a round that started before must not apply what it fetched (this broker is master now). */
  private generation = 0;

  constructor(
    private readonly t: SlaveSyncTargets,
    private readonly selfAddr: () => string,
    private readonly log: Logger,
    private readonly periodMs = 10_000,
  ) {
    this.client = new RemotingClient(log, { connectTimeoutMs: CALL_TIMEOUT_MS });
  }

  start(): void {
    this.clearTimers();
    this.paused = false;
    this.first = setTimeout(() => {
      void this.syncAll();
      this.timer = setInterval(() => void this.syncAll(), this.periodMs);
      this.timer.unref();
    }, Math.min(3000, this.periodMs));
    this.first.unref();
  }

  status(): SlaveSyncStatus {
    return { masterAddr: this.masterAddr, lastSyncAt: this.lastSyncAt, lastError: this.lastError };
  }

  /**
   * A round that starts after this call (also what tests and admin call); rounds never overlap, so while one runs
   * the callers share the one queued after it — the running round may have fetched before what they wait for.
   */
  syncAll(): Promise<void> {
    if (!this.running) {
      this.running = this.round().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.next ??= this.running.then(() => {
      this.next = undefined;
      return this.paused ? undefined : this.syncAll();
    });
    return this.next;
  }

  private async round(): Promise<void> {
    const master = this.masterAddr;
    if (!master || master === this.selfAddr()) return;
    const gen = this.generation;
    const stale = () => gen !== this.generation;
    const errors: string[] = [];
    const step = async (name: string, fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (err) {
        errors.push(`${name}: ${(err as Error).message}`);
      }
    };
    await step('topic config', async () => {
      // Apache's slave asks on the VIP port (listenPort − 2); both Apache and Orbit masters answer on the main port
      // too, and whatever listens at port − 2 of a broker on an ephemeral port may be another broker altogether.
      const body = await this.call(master, RequestCode.GET_ALL_TOPIC_CONFIG);
      if (stale()) return;
      if (this.t.topics.replaceFromMaster(body)) this.log.info({ master }, 'Update slave topic config from master');
    });
    await step('consumer offsets', async () => {
      const body = await this.call(master, RequestCode.GET_ALL_CONSUMER_OFFSET);
      if (!stale()) this.t.offsets.mergeFromMaster(body);
    });
    await step('delay offsets', async () => {
      const body = await this.call(master, RequestCode.GET_ALL_DELAY_OFFSET);
      if (body.length > 0 && !stale()) this.t.schedule.replaceFromMaster(body.toString('utf8'));
    });
    await step('subscription groups', async () => {
      const body = await this.call(master, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG);
      if (!stale() && this.t.groups.replaceFromMaster(body)) {
        this.log.info({ master }, 'Update slave subscription group config from master');
      }
    });
    this.lastSyncAt = Date.now();
    this.lastError = errors.length ? errors.join('; ') : undefined;
    if (errors.length) this.log.warn({ master, errors }, 'slave synchronize from master failed');
  }

  /**
   * The master's commit-log end (its runtime info), undefined when no master is known or it does not say; a
   * connection failure throws.
   */
  async masterMaxOffset(): Promise<number | undefined> {
    const master = this.masterAddr;
    if (!master) return undefined;
    const res = await this.client.invoke(master, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO, {}), CALL_TIMEOUT_MS);
    if (res.code !== ResponseCode.SUCCESS || !res.body) return undefined;
    const max = Number(decodeKVTable(res.body).commitLogMaxOffset);
    return Number.isSafeInteger(max) && max >= 0 ? max : undefined;
  }

  private async call(addr: string, code: number, timeoutMs = CALL_TIMEOUT_MS): Promise<Buffer> {
    const res = await this.client.invoke(addr, RemotingCommand.request(code, {}), timeoutMs);
    if (res.code !== ResponseCode.SUCCESS) throw new Error(`code ${res.code}: ${res.remark ?? ''}`);
    return res.body ?? Buffer.alloc(0);
  }

  private clearTimers(): void {
    if (this.first) clearTimeout(this.first);
    if (this.timer) clearInterval(this.timer);
    this.first = this.timer = undefined;
  }

  /**
   * No more rounds until start() (a slave that became master). A round in flight is not waited for — its calls may
   * be stuck on a hung master for their whole timeout — but applies nothing it fetches from now on.
   */
  pause(): void {
    this.clearTimers();
    this.paused = true;
    this.generation++;
  }

  /** The master's answer to a request with no header (GET_BROKER_EPOCH_CACHE and the like). */
  callMaster(code: number, timeoutMs = CALL_TIMEOUT_MS): Promise<Buffer> {
    if (!this.masterAddr) return Promise.reject(new Error('no master known'));
    return this.call(this.masterAddr, code, timeoutMs);
  }

  async stop(): Promise<void> {
    this.pause();
    await this.running;
    await this.next;
    await this.client.shutdown();
  }
}
