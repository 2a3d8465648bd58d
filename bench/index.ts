/** `npm run bench -- <suite> [args]`: benchmarks print figures; they are not tests. */
export async function runBench(suite: string, args: string[]): Promise<void> {
  switch (suite) {
    case 'store': {
      const mod = await import('./store/store-bench');
      await mod.runStoreBench(args);
      return;
    }
    case 'java': {
      const mod = await import('./broker/java-bench');
      await mod.runJavaBench(args);
      return;
    }
    case 'broker-kill': {
      const mod = await import('./broker/kill-bench');
      await mod.runBrokerKillBench(args);
      return;
    }
    case 'failover': {
      const mod = await import('./broker/failover-bench');
      await mod.runFailoverBench(args);
      return;
    }
    case 'ha-kill': {
      const mod = await import('./broker/ha-kill-bench');
      await mod.runHaKillBench(args);
      return;
    }
    case 'soak': {
      const mod = await import('./broker/soak-bench');
      await mod.runSoakBench(args);
      return;
    }
    case 'clients': {
      const mod = await import('./broker/clients-bench');
      await mod.runClientsBench(args);
      return;
    }
    case 'console': {
      const mod = await import('./console/console-suite');
      await mod.runConsoleSuite(args);
      return;
    }
    case 'console-tail': {
      const mod = await import('./console/tail-bench');
      await mod.runConsoleTailBench(args);
      return;
    }
    case 'console-dlq': {
      const mod = await import('./console/dlq-bench');
      await mod.runDlqBench(args);
      return;
    }
    case 'producer': {
      const mod = await import('./sdk/producer-bench');
      await mod.runProducerBench(args);
      return;
    }
    case 'consumer': {
      const mod = await import('./sdk/consumer-bench');
      await mod.runConsumerBench(args);
      return;
    }
    case 'compare': {
      const mod = await import('./compare/compare-bench');
      await mod.runCompareBench(args);
      return;
    }
    case 'grpc': {
      const mod = await import('./grpc/grpc-bench');
      await mod.runGrpcBench(args);
      return;
    }
    case 'grpc-client': {
      const mod = await import('./grpc/grpc-client');
      await mod.runGrpcClient(args);
      return;
    }
    case 'peer-client': {
      const mod = await import('./compare/peer-client');
      await mod.runPeerClient(args);
      return;
    }
    default:
      process.stderr.write(`orbit bench: unknown suite "${suite}" (available: store, java, broker-kill, ha-kill, failover, soak, clients, console, console-tail, console-dlq, producer, consumer, compare, grpc)\n`);
      process.exitCode = 2;
  }
}
