/** `orbit broker`: filled in by the broker issue. */
export async function runBrokerCommand(_o: Record<string, unknown>): Promise<void> {
  process.stderr.write('orbit broker: the broker is not built yet\n');
  process.exit(1);
}
