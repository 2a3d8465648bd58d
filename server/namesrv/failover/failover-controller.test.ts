import { describe, expect, it } from 'vitest';
import { logger } from '../../common/logger';
import { FailoverController, type HeartbeatInput } from './failover-controller';

const A = '10.0.0.1:10911';
const B = '10.0.0.2:10911';
const C = '10.0.0.3:10911';

function setup() {
  let now = 1_000_000;
  const fc = new FailoverController(logger.child({ test: 'failover-controller' }), () => now);
  const hb = (addr: string, role: 'MASTER' | 'SLAVE', epoch: number, maxOffset: number, extra: Partial<HeartbeatInput> = {}) =>
    fc.heartbeat({
      clusterName: 'c',
      brokerName: 'b',
      brokerAddr: addr,
      haAddr: addr.replace('10911', '10912'),
      brokerId: role === 'MASTER' ? 0 : 1,
      role,
      masterRole: role === 'MASTER' ? 'SYNC_MASTER' : undefined,
      epoch,
      maxOffset,
      haConnected: true,
      leaseMs: 3000,
      inSyncWindowMs: 10_000,
      ...extra,
    });
  const elect = (addr: string, proposedEpoch: number, maxOffset: number) =>
    fc.elect({ clusterName: 'c', brokerName: 'b', brokerAddr: addr, proposedEpoch, maxOffset });
  return { fc, hb, elect, advance: (ms: number) => (now += ms) };
}

describe('FailoverController', () => {
  it('adopts the first master, tells slaves where it is, and refuses elections while its lease runs', () => {
    const { hb, elect, advance } = setup();
    expect(hb(A, 'MASTER', 1, 100)).toMatchObject({ epoch: 1, masterAddr: A, masterAlive: true, fenced: false });
    const s = hb(B, 'SLAVE', 1, 100);
    expect(s).toMatchObject({ masterAddr: A, masterHaAddr: '10.0.0.1:10912', masterRole: 'SYNC_MASTER', slaveId: 1 });
    advance(1000);
    expect(elect(B, 2, 100)).toMatchObject({ granted: false, reason: expect.stringContaining('alive') });
  });

  it('grants the in-sync slave once the lease ran out, and only once per epoch', () => {
    const { fc, hb, elect, advance } = setup();
    hb(A, 'MASTER', 1, 100);
    hb(B, 'SLAVE', 1, 100);
    hb(C, 'SLAVE', 1, 100, { brokerId: 2 });
    advance(3500);
    hb(B, 'SLAVE', 1, 100, { haConnected: false });
    expect(elect(B, 2, 100)).toMatchObject({ granted: true, epoch: 2, masterRole: 'SYNC_MASTER' });
    // C proposes the same epoch: a name server grants one proposal per epoch.
    expect(elect(C, 2, 100)).toMatchObject({ granted: false, epoch: 2 });
    const g = fc.state().groups[0];
    expect(g).toMatchObject({ epoch: 2, masterAddr: B });
    expect(g.history).toEqual([expect.objectContaining({ epoch: 2, newMasterAddr: B, oldMasterAddr: A, electedOffset: 100 })]);
  });

  it('refuses a slave that lagged beyond the in-sync window, and a shorter log than a live peer', () => {
    const { hb, elect, advance } = setup();
    hb(A, 'MASTER', 1, 100);
    hb(B, 'SLAVE', 1, 100);
    hb(C, 'SLAVE', 1, 100, { brokerId: 2 });
    // A grows; C keeps up, B stalls at 100 for longer than the window.
    for (let i = 1; i <= 12; i++) {
      advance(1000);
      hb(A, 'MASTER', 1, 100 + i * 10);
      hb(C, 'SLAVE', 1, 100 + i * 10, { brokerId: 2 });
      hb(B, 'SLAVE', 1, 100);
    }
    advance(3500);
    hb(B, 'SLAVE', 1, 100);
    hb(C, 'SLAVE', 1, 220, { brokerId: 2 });
    expect(elect(B, 2, 100)).toMatchObject({ granted: false, reason: expect.stringContaining('sync-state set') });
    expect(elect(C, 2, 220)).toMatchObject({ granted: true, epoch: 2 });
  });

  it('refuses a candidate whose log is shorter than another live in-sync replica', () => {
    const { hb, elect, advance } = setup();
    hb(A, 'MASTER', 1, 100);
    hb(B, 'SLAVE', 1, 100);
    hb(C, 'SLAVE', 1, 100, { brokerId: 2 });
    advance(1000);
    hb(A, 'MASTER', 1, 130);
    hb(C, 'SLAVE', 1, 130, { brokerId: 2 });
    hb(B, 'SLAVE', 1, 120);
    advance(3500);
    hb(C, 'SLAVE', 1, 130, { brokerId: 2 });
    expect(elect(B, 2, 120)).toMatchObject({ granted: false, reason: expect.stringContaining('longer log') });
    expect(elect(C, 2, 130)).toMatchObject({ granted: true });
  });

  it('fences a master of an older epoch and hands it a free slave id; keeps it out of id 0', () => {
    const { fc, hb, elect, advance } = setup();
    hb(A, 'MASTER', 1, 100);
    hb(B, 'SLAVE', 1, 100);
    advance(3500);
    hb(B, 'SLAVE', 1, 100, { haConnected: false });
    elect(B, 2, 100);
    hb(B, 'MASTER', 2, 100, { brokerId: 0 });
    expect(fc.admitsMasterRegistration('b', A, 0)).toBe(false);
    expect(fc.admitsMasterRegistration('b', A, 1)).toBe(true);
    expect(fc.admitsMasterRegistration('b', B, 0)).toBe(true);
    // Brokers outside failover (never heartbeat here) are not this controller's business.
    expect(fc.admitsMasterRegistration('b', C, 0)).toBe(true);
    const a = hb(A, 'MASTER', 1, 140);
    expect(a).toMatchObject({ fenced: true, epoch: 2, masterAddr: B, masterAlive: true, slaveId: 1 });
  });

  it('a closed channel ends the lease at once', () => {
    const { fc, hb, elect } = setup();
    const channel = {} as never;
    hb(A, 'MASTER', 1, 100, { channel });
    hb(B, 'SLAVE', 1, 100);
    expect(elect(B, 2, 100).granted).toBe(false);
    fc.onChannelDestroy(channel);
    expect(elect(B, 2, 100).granted).toBe(true);
  });

  it('adopts a higher epoch from a master after a restart of the name server', () => {
    const { fc, hb } = setup();
    expect(hb(B, 'MASTER', 7, 500)).toMatchObject({ epoch: 7, fenced: false });
    expect(hb(A, 'MASTER', 6, 900)).toMatchObject({ epoch: 7, fenced: true, masterAddr: B });
    expect(fc.state().groups[0].syncStateSet).toEqual([B]);
  });

  it('refuses an election when no master was ever seen', () => {
    const { hb, elect } = setup();
    hb(B, 'SLAVE', 0, 100);
    expect(elect(B, 1, 100)).toMatchObject({ granted: false, reason: expect.stringContaining('no master') });
  });
});
