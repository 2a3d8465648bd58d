/** Validation of alert inputs, shared by the rule form (browser) and the API (Node). */
import { z } from 'zod';
import { groupNameSchema, topicNameSchema } from './admin';

export const ALERT_RULE_KINDS = ['messageLag', 'timeLag', 'dlqGrowth', 'noOnlineClient', 'consumerStatus', 'replicaBehind'] as const;
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
/** Burrow's statuses, best to worst. */
export const CONSUMER_STATUSES = ['OK', 'WARN', 'STALL', 'ERR', 'STOP', 'REWIND'] as const;
/** What a consumerStatus rule watches unless told otherwise: a consumer that is stuck, stopped or rewound. */
export const DEFAULT_ALERT_STATUSES = ['ERR', 'STALL', 'STOP', 'REWIND'] as const;
/** Rule kinds that watch a broker group's replication rather than a consumer group. */
export const BROKER_RULE_KINDS: readonly string[] = ['replicaBehind'];
/** Rule kinds without a threshold. */
export const THRESHOLDLESS_KINDS: readonly string[] = ['noOnlineClient', 'consumerStatus'];

/** A brokerName as the name servers carry it (RocketMQ refuses none of these characters in broker.conf; Orbit keeps it simple). */
export const brokerNameSchema = z
  .string()
  .trim()
  .min(1, 'enter a broker name')
  .max(127, 'at most 127 characters')
  .regex(/^[A-Za-z0-9_.%|-]+$/, 'only letters, digits, ., %, |, _ and - are allowed');

const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'enter an http(s) URL');

export const alertRuleInputSchema = z
  .object({
    name: z.string().trim().min(1, 'enter a name').max(200, 'at most 200 characters'),
    /** The consumer group; not used (empty) by broker kinds (replicaBehind). */
    group: z.union([groupNameSchema, z.literal('')]).default(''),
    /** replicaBehind only: one broker group, or null/empty for any; ignored for other kinds. */
    brokerName: z.union([brokerNameSchema, z.literal('').transform(() => null), z.null()]).default(null),
    topic: z.union([topicNameSchema, z.literal('').transform(() => null), z.null()]).default(null),
    kind: z.enum(ALERT_RULE_KINDS),
    threshold: z.coerce.number().min(0, 'at least 0').max(1e15).default(0),
    forSeconds: z.coerce.number().int('a whole number of seconds').min(0, 'at least 0').max(7 * 24 * 3600, 'at most a week'),
    severity: z.enum(ALERT_SEVERITIES).default('warning'),
    webhookUrl: z.union([webhookUrlSchema, z.literal('').transform(() => null), z.null()]).default(null),
    enabled: z.boolean().default(true),
    /** consumerStatus only: the statuses that fire it (default ERR, STALL, STOP, REWIND); ignored for other kinds. */
    statuses: z
      .array(z.enum(CONSUMER_STATUSES))
      .max(CONSUMER_STATUSES.length)
      .transform((a) => CONSUMER_STATUSES.filter((s) => a.includes(s)))
      .optional(),
  })
  .refine((r) => BROKER_RULE_KINDS.includes(r.kind) || r.group !== '', {
    message: 'enter a group name',
    path: ['group'],
  })
  .refine((r) => THRESHOLDLESS_KINDS.includes(r.kind) || r.threshold > 0 || r.kind === 'messageLag', {
    message: 'enter a threshold above 0',
    path: ['threshold'],
  })
  .refine((r) => r.kind !== 'consumerStatus' || r.statuses === undefined || r.statuses.length > 0, {
    message: 'pick at least one status',
    path: ['statuses'],
  });
export type AlertRuleInput = z.input<typeof alertRuleInputSchema>;
export type AlertRuleParsed = z.output<typeof alertRuleInputSchema>;

export const alertRuleIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'not a rule id');

export const silenceInputSchema = z.object({
  ruleId: alertRuleIdSchema,
  /** 0 = lift the silence. */
  minutes: z.coerce.number().int().min(0).max(30 * 24 * 60),
});
export type SilenceInput = z.infer<typeof silenceInputSchema>;

export const alertSettingsInputSchema = z.object({
  sampleIntervalMs: z.coerce.number().int().min(200, 'at least 200 ms').max(3_600_000, 'at most an hour'),
});
export type AlertSettingsInput = z.infer<typeof alertSettingsInputSchema>;
