/** `orbit admin …`: mqadmin-style commands over the admin client. */
import { AdminClient } from '../client/admin/admin-client';

async function withAdmin<T>(namesrv: string, fn: (a: AdminClient) => Promise<T>): Promise<void> {
  const admin = new AdminClient({ namesrvAddr: namesrv });
  try {
    await fn(admin);
  } catch (err) {
    process.stderr.write(`orbit admin: ${(err as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    await admin.shutdown();
  }
}

export async function adminClusterList(o: { namesrv: string }): Promise<void> {
  await withAdmin(o.namesrv, async (admin) => {
    const info = await admin.getBrokerClusterInfo();
    const rows = [['#Cluster', '#Broker', '#BID', '#Addr']];
    for (const [cluster, names] of Object.entries(info.clusterAddrTable)) {
      for (const name of names) {
        for (const [id, addr] of Object.entries(info.brokerAddrTable[name]?.brokerAddrs ?? {})) rows.push([cluster, name, id, addr]);
      }
    }
    printTable(rows);
  });
}

export async function adminTopicList(o: { namesrv: string }): Promise<void> {
  await withAdmin(o.namesrv, async (admin) => {
    for (const t of await admin.getAllTopicList()) process.stdout.write(`${t}\n`);
  });
}

export async function adminTopicRoute(o: { namesrv: string; topic: string }): Promise<void> {
  await withAdmin(o.namesrv, async (admin) => {
    process.stdout.write(`${JSON.stringify(await admin.getTopicRoute(o.topic), null, 2)}\n`);
  });
}

function printTable(rows: string[][]): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i])).join('  ')}\n`);
}
