/** The `orbit` command line. Each server verb prints one `… listening on HOST:PORT` line on stdout when ready. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseAddrList } from '../common/net';
import { runUntilSignal, parsePort } from './run-server';
import { startNamesrv } from './namesrv-command';

const port = (v: string) => {
  try {
    return parsePort(v);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
};
const addrList = (v: string) => {
  try {
    parseAddrList(v);
    return v;
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
};

const program = new Command('orbit')
  .description('Orbit: a RocketMQ-compatible message queue and its console')
  .showHelpAfterError()
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

program
  .command('namesrv')
  .description('run a NameServer')
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('--port <port>', 'port to listen on', port, 9876)
  .option('--data-dir <dir>', 'where KV config is kept (default ~/.orbit/namesrv)')
  .action(async (o: { host: string; port: number; dataDir?: string }) => {
    await runUntilSignal('namesrv', async () => {
      const ctl = await startNamesrv(o);
      process.stdout.write(`orbit namesrv listening on ${ctl.address}\n`);
      return { stop: () => ctl.shutdown() };
    });
  });

program
  .command('broker')
  .description('run a Broker')
  .option('--namesrv <addrs>', 'name server address list, ADDR[;ADDR]', addrList)
  .option('--host <host>', 'address to bind and advertise (default 127.0.0.1)')
  .option('--port <port>', 'port to listen on (default 10911)', port)
  .option('--store <dir>', 'store root directory')
  .option('--name <name>', 'broker name')
  .option('--cluster <name>', 'cluster name')
  .addOption(new Option('--flush <mode>', 'flush mode').choices(['sync', 'async']))
  .option('-c, --config <file>', 'broker.conf (RocketMQ keys)')
  .action(async (o) => {
    const { runBrokerCommand } = await import('./broker-command');
    await runBrokerCommand(o);
  });

program
  .command('proxy')
  .description('run the RocketMQ 5.x gRPC endpoint (TLS and plaintext on one port) in front of a cluster')
  .requiredOption('--namesrv <addrs>', 'name server address list, ADDR[;ADDR]', addrList)
  .option('--host <host>', 'address to bind and advertise', '127.0.0.1')
  .option('--port <port>', 'gRPC port (0: any free port)', port, 8081)
  .action(async (o: { namesrv: string; host: string; port: number }) => {
    const { runProxyCommand } = await import('./proxy-command');
    await runProxyCommand(o);
  });

const consoleCmd = program
  .command('console')
  .description('run the web console (open to everyone on loopback without --users; other addresses need --users)')
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('--port <port>', 'port to listen on', port, 3000)
  .option('--embedded', 'run a NameServer and Broker in this process (the default without --namesrv)')
  .option('--namesrv <addrs>', 'attach to these name servers instead', addrList)
  .option('--data-dir <dir>', 'console and embedded-cluster data directory', '.orbit-data')
  .option('--namesrv-port <port>', 'embedded NameServer port', port, 9876)
  .option('--broker-port <port>', 'embedded Broker port', port, 10911)
  .option('--proxy-port <port>', 'embedded gRPC proxy port (0: any free port)', port, 8081)
  .option('--dev', 'Next.js development mode')
  .option('--users <file>', 'users file (JSON or YAML, scrypt password hashes); default $ORBIT_CONSOLE_USERS')
  .option('--trust-proxy <addrs>', 'reverse proxies (IPs or CIDRs, comma-separated) whose X-Forwarded-* headers count; default $ORBIT_CONSOLE_TRUSTED_PROXIES')
  .action(async (o) => {
    const { runConsoleCommand } = await import('./console-main');
    await runConsoleCommand(o);
  });
consoleCmd
  .command('hash-password')
  .description("print a password's scrypt hash for the console users file (prompts, or reads one line from stdin)")
  .action(async () => {
    const { runHashPassword } = await import('./hash-password');
    await runHashPassword();
  });

const admin = program.command('admin').description('administer a cluster (mqadmin command names; --json for machine output)');
const intArg = (name: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer ${min}..${max}`);
  return n;
};
const permArg = (v: string) => {
  if (!['2', '4', '6'].includes(v)) throw new InvalidArgumentError('perm is 2 (write), 4 (read) or 6 (read/write)');
  return Number(v);
};
/** One admin subcommand with the shared -n/--json options; `run` gets the parsed options. */
function adminCommand(name: string, description: string, aliases: string[] = []) {
  const cmd = admin
    .command(name)
    .description(description)
    .option('-n, --namesrv <addrs>', 'name server address list', addrList, process.env.NAMESRV_ADDR ?? '127.0.0.1:9876')
    .option('--json', 'print JSON');
  for (const a of aliases) cmd.alias(a);
  return cmd;
}
const adminAction =
  <K extends keyof typeof import('./admin-command')>(fn: K) =>
  async (o: any) => {
    const mod = await import('./admin-command');
    await (mod[fn] as (o: any) => Promise<void>)(o);
  };

adminCommand('clusterList', 'list clusters and brokers (masters and slaves) with version, TPS, role and replication state', ['cluster'])
  .option('-m, --more', "yesterday's and today's in/out totals (mqadmin -m)")
  .action(adminAction('adminClusterList'));
adminCommand('topicList', 'list topics known to the name server', ['topics'])
  .option('-c, --with-config', 'with queue config per broker')
  .action(async (o) => (o.withConfig ? adminAction('adminTopicListWithConfig')(o) : adminAction('adminTopicList')(o)));
adminCommand('topicRoute', 'show the route of a topic', ['route']).requiredOption('-t, --topic <topic>', 'topic').action(adminAction('adminTopicRoute'));
adminCommand('topicStatus', 'per-queue min/max offsets of a topic').requiredOption('-t, --topic <topic>', 'topic').action(adminAction('adminTopicStatus'));
adminCommand('updateTopic', 'create or update a topic on every master of a cluster (or one broker)')
  .requiredOption('-t, --topic <topic>', 'topic')
  .option('-c, --cluster <name>', 'cluster (default: every master)')
  .option('-b, --broker-addr <addr>', 'only this broker')
  .option('-r, --read-queue-nums <n>', 'read queues', intArg('read queues', 1, 1024), 8)
  .option('-w, --write-queue-nums <n>', 'write queues', intArg('write queues', 1, 1024), 8)
  .option('-p, --perm <perm>', '2, 4 or 6', permArg, 6)
  .option('-o, --order', 'ordered topic')
  .action(adminAction('adminUpdateTopic'));
adminCommand('deleteTopic', 'delete a topic from its brokers and the name servers')
  .requiredOption('-t, --topic <topic>', 'topic')
  .option('-c, --cluster <name>', 'cluster')
  .action(adminAction('adminDeleteTopic'));
adminCommand('updateSubGroup', 'create or update a subscription group')
  .requiredOption('-g, --group <group>', 'group')
  .option('-c, --cluster <name>', 'cluster (default: every master)')
  .option('-b, --broker-addr <addr>', 'only this broker')
  .option('-q, --retry-queue-nums <n>', 'retry queues', intArg('retry queues', 0, 1024))
  .option('-r, --retry-max-times <n>', 'max retries', intArg('retry max times', -1, 1000))
  .option('-i, --broker-id <id>', 'read from broker id', intArg('broker id', 0, 1024))
  .option('--no-consume-enable', 'disable consumption')
  .option('--no-broadcast', 'disallow broadcasting')
  .action(adminAction('adminUpdateSubGroup'));
adminCommand('deleteSubGroup', 'delete a subscription group')
  .requiredOption('-g, --group <group>', 'group')
  .option('-c, --cluster <name>', 'cluster')
  .option('-b, --broker-addr <addr>', 'only this broker')
  .action(adminAction('adminDeleteSubGroup'));
adminCommand('consumerProgress', 'lag of one group per queue, or of every group')
  .option('-g, --group <group>', 'group')
  .option('-t, --topic <topic>', 'only this topic')
  .action(adminAction('adminConsumerProgress'));
adminCommand('consumerConnection', 'online consumers of a group').requiredOption('-g, --group <group>', 'group').action(adminAction('adminConsumerConnection'));
adminCommand('producerConnection', 'connected producers of a group').requiredOption('-g, --group <group>', 'group').action(adminAction('adminProducerConnection'));
adminCommand('resetOffsetByTime', 'reset a group to the first message stored at a time (max = skip backlog)')
  .requiredOption('-g, --group <group>', 'group')
  .requiredOption('-t, --topic <topic>', 'topic')
  .requiredOption('-s, --timestamp <time>', 'now, max, epoch ms, ISO date or yyyy-MM-dd#HH:mm:ss:SSS')
  .option('--no-force', 'only move offsets back')
  .action(adminAction('adminResetOffsetByTime'));
adminCommand('queryMsgByKey', 'messages of a topic by key')
  .requiredOption('-t, --topic <topic>', 'topic')
  .requiredOption('-k, --key <key>', 'key')
  .option('-b, --begin <time>', 'stored from')
  .option('-e, --end <time>', 'stored until')
  .action(adminAction('adminQueryMsgByKey'));
adminCommand('queryMsgById', 'a message by offset id (or unique id with -t)')
  .requiredOption('-i, --id <id>', 'message id')
  .option('-t, --topic <topic>', 'topic (for a unique id)')
  .action(adminAction('adminQueryMsgById'));
adminCommand('sendMessage', 'send one message')
  .requiredOption('-t, --topic <topic>', 'topic')
  .requiredOption('-p, --body <body>', 'body text')
  .option('-c, --tags <tags>', 'tag')
  .option('-k, --keys <keys>', 'keys')
  .action(adminAction('adminSendMessage'));
adminCommand('brokerStatus', 'runtime info of a broker, or of every master and slave of a cluster (HA keys included)')
  .option('-b, --broker-addr <addr>', 'broker address')
  .option('-c, --cluster <name>', 'cluster')
  .action(adminAction('adminBrokerStatus'));
adminCommand('failoverState', "the name server's failover controller: epoch, master, sync-state set and elections per broker group").action(
  adminAction('adminFailoverState'),
);
adminCommand('getBrokerConfig', 'configuration of a broker').requiredOption('-b, --broker-addr <addr>', 'broker address').action(adminAction('adminGetBrokerConfig'));

program
  .command('bench')
  .description('benchmarks: store, producer, consumer, compare')
  .argument('[suite]', 'which benchmark', 'store')
  .argument('[args...]', 'benchmark arguments')
  .allowUnknownOption()
  .action(async (suite: string, args: string[]) => {
    const { runBench } = await import('../../bench/index');
    await runBench(suite, args);
  });

await program.parseAsync(process.argv);
