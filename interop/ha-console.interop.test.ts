/**
 * What the console and `orbit admin` read of a master/slave pair, against real pairs: Orbit master + Orbit slave
 * behind an Orbit name server, and Apache 4.9.7 master + slave behind an Apache name server (the reference names no
 * role in runtime info and has no HA keys, so the role comes from GET_BROKER_CONFIG and the bytes behind from the
 * commit-log ends; its name server answers nothing at all to the failover-state request, where an Orbit one answers
 * an empty controller for brokers without enableAutoFailover). ORBIT_HA_CONSOLE_PAIRS
 * picks pairings (comma-separated: orbit-orbit, apache-apache; default both).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from '../server/client/admin/admin-client';
import { FAILOVER_STATE_TIMEOUT_MS } from '../server/client/admin/replication-admin';
import { adminBrokerStatus, adminClusterList } from '../server/cli/admin-command';
import { HA_BROKER_NAME, HA_CLUSTER_NAME, startHaPair, type HaPair } from './support/ha-pair';
import type { Impl } from './support/server-process';

const ALL: { name: string; impl: Impl }[] = [
  { name: 'orbit-orbit', impl: 'orbit' },
  { name: 'apache-apache', impl: 'apache' },
];
const wanted = (process.env.ORBIT_HA_CONSOLE_PAIRS ?? ALL.map((p) => p.name).join(',')).split(',').map((s) => s.trim());

/** Runs an `orbit admin` command function and returns what it printed on stdout. */
async function captured(fn: () => Promise<void>): Promise<string> {
  const write = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    await fn();
  } finally {
    process.stdout.write = write;
  }
  return out;
}

for (const p of ALL.filter((x) => wanted.includes(x.name))) {
  describe(`console reads of a ${p.name} pair`, () => {
    let pair: HaPair;
    let admin: AdminClient;

    beforeAll(async () => {
      pair = await startHaPair({ master: p.impl, slave: p.impl, namesrv: p.impl, role: 'SYNC_MASTER', flush: 'ASYNC_FLUSH' });
      admin = new AdminClient({ namesrvAddr: pair.namesrvAddr, timeoutMs: 8000 });
      await pair.waitForCatchUp(60_000);
    }, 240_000);

    afterAll(async () => {
      await admin?.shutdown();
      await pair?.stop();
    }, 60_000);

    it('examineReplication: the pair with roles, the slave 0 bytes behind', async () => {
      let groups = await admin.examineReplication();
      // Registration of the slave may trail its catching up by one period.
      for (let i = 0; i < 60 && (groups.find((g) => g.brokerName === HA_BROKER_NAME)?.replicas.length ?? 0) < 2; i++) {
        await new Promise((r) => setTimeout(r, 500));
        groups = await admin.examineReplication();
      }
      const g = groups.find((x) => x.brokerName === HA_BROKER_NAME)!;
      expect(g).toMatchObject({ cluster: HA_CLUSTER_NAME, masterAddr: pair.master.addr });
      expect(g.replicas.map((r) => [r.brokerId, r.addr, r.role, r.reachable])).toEqual([
        [0, pair.master.addr, 'SYNC_MASTER', true],
        [1, pair.slave.addr, 'SLAVE', true],
      ]);
      const [m, s] = g.replicas;
      expect(s.behindBytes).toBe(0);
      expect(s.commitLogMaxOffset).toBe(m.commitLogMaxOffset);
      if (p.impl === 'orbit') {
        expect(m.haSlaveCount).toBe(1);
        expect(s.haConnected).toBe(true);
      } else {
        expect([m.haSlaveCount, s.haConnected, s.behindSource]).toEqual([null, null, 'offsets']);
      }
    });

    it('getFailoverState: no group under failover (Orbit: an empty controller; Apache: no answer at all)', async () => {
      const t0 = performance.now();
      const state = await admin.getFailoverState(pair.namesrvAddr);
      const ms = performance.now() - t0;
      // These brokers run without enableAutoFailover, so an Orbit name server's controller watches nothing.
      if (p.impl === 'orbit') expect(state).toEqual({ groups: [] });
      else {
        expect(state).toBeNull();
        expect(ms).toBeGreaterThanOrEqual(FAILOVER_STATE_TIMEOUT_MS - 50);
      }
      // The name server still answers what it knows afterwards.
      expect(Object.keys((await admin.getBrokerClusterInfo()).brokerAddrTable)).toContain(HA_BROKER_NAME);
    });

    it("orbit admin clusterList and brokerStatus list master and slave with mqadmin's columns and keys", async () => {
      const list = await captured(() => adminClusterList({ namesrv: pair.namesrvAddr }));
      const lines = list.trim().split('\n');
      expect(lines[0].split(/\s{2,}/)).toEqual(['#Cluster Name', '#Broker Name', '#BID', '#Addr', '#Version', '#InTPS(LOAD)', '#OutTPS(LOAD)', '#PCWait(ms)', '#Hour', '#SPACE', '#Role', '#HA', '#Behind']);
      expect(lines).toHaveLength(3);
      expect(lines[1]).toMatch(new RegExp(`^${HA_CLUSTER_NAME}\\s+${HA_BROKER_NAME}\\s+0\\s+${pair.master.addr}\\s+V4_9_\\d.*SYNC_MASTER\\s+(1 connected|-)\\s+-$`));
      expect(lines[2]).toMatch(new RegExp(`^${HA_CLUSTER_NAME}\\s+${HA_BROKER_NAME}\\s+1\\s+${pair.slave.addr}\\s+V4_9_\\d.*SLAVE\\s+(connected|-)\\s+0$`));

      const status = await captured(() => adminBrokerStatus({ namesrv: pair.namesrvAddr, cluster: HA_CLUSTER_NAME }));
      const keysOf = (addr: string) => status.split('\n').filter((l) => l.startsWith(`${addr.padEnd(24)} `)).map((l) => l.slice(25).split(':')[0].trim());
      for (const addr of [pair.master.addr, pair.slave.addr]) expect(keysOf(addr)).toEqual(expect.arrayContaining(['brokerVersionDesc', 'commitLogMaxOffset', 'putTps']));
      if (p.impl === 'orbit') {
        expect(keysOf(pair.master.addr)).toEqual(expect.arrayContaining(['haSlaveCount', 'haPush2SlaveMaxOffset', 'haSlaveFallBehindBytes', 'haSlaves']));
        expect(keysOf(pair.slave.addr)).toEqual(expect.arrayContaining(['haMasterAddress', 'haConnected']));
      }
    });
  });
}
