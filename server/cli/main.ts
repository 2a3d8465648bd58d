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
  .command('console')
  .description('run the web console')
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('--port <port>', 'port to listen on', port, 3000)
  .option('--embedded', 'run a NameServer and Broker in this process (the default without --namesrv)')
  .option('--namesrv <addrs>', 'attach to these name servers instead', addrList)
  .option('--data-dir <dir>', 'console and embedded-cluster data directory', '.orbit-data')
  .option('--namesrv-port <port>', 'embedded NameServer port', port, 9876)
  .option('--broker-port <port>', 'embedded Broker port', port, 10911)
  .option('--dev', 'Next.js development mode')
  .action(async (o) => {
    const { runConsoleCommand } = await import('./console-main');
    await runConsoleCommand(o);
  });

const admin = program.command('admin').description('administer a cluster (like mqadmin)');
admin
  .command('cluster')
  .description('list clusters and brokers')
  .option('-n, --namesrv <addrs>', 'name server address list', addrList, '127.0.0.1:9876')
  .action(async (o) => {
    const { adminClusterList } = await import('./admin-command');
    await adminClusterList(o);
  });
admin
  .command('topics')
  .description('list topics known to the name server')
  .option('-n, --namesrv <addrs>', 'name server address list', addrList, '127.0.0.1:9876')
  .action(async (o) => {
    const { adminTopicList } = await import('./admin-command');
    await adminTopicList(o);
  });
admin
  .command('route')
  .description('show the route of a topic')
  .requiredOption('-t, --topic <topic>', 'topic')
  .option('-n, --namesrv <addrs>', 'name server address list', addrList, '127.0.0.1:9876')
  .action(async (o) => {
    const { adminTopicRoute } = await import('./admin-command');
    await adminTopicRoute(o);
  });

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
