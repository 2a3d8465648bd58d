import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export const namesrvConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  listenPort: z.number().int().min(0).max(65535).default(9876),
  /** Where PUT_KV_CONFIG entries live; Apache keeps them in ~/namesrv/kvConfig.json. */
  kvConfigPath: z.string().optional(),
  orderMessageEnable: z.boolean().default(false),
  /** A broker silent for this long is dropped (RocketMQ: 120 s). */
  brokerChannelExpiredMs: z.number().int().positive().default(120_000),
  scanNotActiveBrokerIntervalMs: z.number().int().positive().default(10_000),
});

export type NamesrvConfig = z.infer<typeof namesrvConfigSchema>;

export function defaultNamesrvConfig(): NamesrvConfig {
  return namesrvConfigSchema.parse({ kvConfigPath: path.join(os.homedir(), '.orbit', 'namesrv', 'kvConfig.json') });
}

export function parseNamesrvConfig(input: unknown): NamesrvConfig {
  return namesrvConfigSchema.parse(input);
}
