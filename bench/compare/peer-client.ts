/**
 * `orbit bench peer-client <system> <workload> --json '<ClientArgs>'`: one client workload in a process of
 * its own (started by the compare orchestrator). Prints `RESULT {json}` with the workload's figures and
 * this process's CPU seconds.
 */
import { systems } from './systems';
import type { ClientArgs, Workload } from './types';

const WORKLOADS: Workload[] = ['publish', 'batch', 'consume', 'latency'];

export async function runPeerClient(argv: string[]): Promise<void> {
  const [system, workload] = argv;
  const json = argv[argv.indexOf('--json') + 1];
  const s = systems[system];
  if (!s) throw new Error(`unknown system "${system}" (${Object.keys(systems).join(', ')})`);
  if (!WORKLOADS.includes(workload as Workload)) throw new Error(`unknown workload "${workload}" (${WORKLOADS.join(', ')})`);
  if (!json || argv.indexOf('--json') < 0) throw new Error('missing --json <ClientArgs>');
  const args = JSON.parse(json) as ClientArgs;
  const cpu0 = process.cpuUsage();
  const result = await s.client[workload as Workload](args);
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(`RESULT ${JSON.stringify({ ...result, clientCpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`);
  // Client libraries may keep timers or sockets alive after their close.
  process.exit(0);
}
