/** Validation of console inputs, shared by the forms (browser) and the API (Node). */
import { z } from 'zod';

export const TOPIC_NAME_PATTERN = /^[%|a-zA-Z0-9_-]+$/;
export const TOPIC_MAX_LENGTH = 127;

export const topicNameSchema = z
  .string()
  .trim()
  .min(1, 'enter a topic name')
  .max(TOPIC_MAX_LENGTH, `at most ${TOPIC_MAX_LENGTH} characters`)
  .regex(TOPIC_NAME_PATTERN, 'only letters, digits, %, |, _ and - are allowed');

/** Group names follow the same rule as topics on the broker. */
export const groupNameSchema = z
  .string()
  .trim()
  .min(1, 'enter a group name')
  .max(255, 'at most 255 characters')
  .regex(TOPIC_NAME_PATTERN, 'only letters, digits, %, |, _ and - are allowed');

const queueNums = z.coerce.number().int('a whole number').min(1, 'at least 1').max(1024, 'at most 1024');

export const topicInputSchema = z.object({
  topic: topicNameSchema,
  readQueueNums: queueNums,
  writeQueueNums: queueNums,
  perm: z.coerce.number().refine((p) => p === 2 || p === 4 || p === 6, 'perm is 2 (write), 4 (read) or 6 (read/write)'),
  order: z.boolean().default(false),
  clusterName: z.string().trim().min(1).optional(),
});
export type TopicInput = z.infer<typeof topicInputSchema>;

export const topicListQuerySchema = z.object({
  q: z.string().trim().max(200).default(''),
  system: z.enum(['0', '1']).default('0'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const groupListQuerySchema = topicListQuerySchema.extend({ pageSize: z.coerce.number().int().min(1).max(100).default(20) });

export const sendMessageInputSchema = z.object({
  body: z.string().max(4 * 1024 * 1024, 'at most 4 MiB'),
  tags: z.string().trim().max(255).optional(),
  keys: z.string().trim().max(1024).optional(),
});
export type SendMessageInputDto = z.infer<typeof sendMessageInputSchema>;

export const subscriptionGroupInputSchema = z.object({
  groupName: groupNameSchema,
  consumeEnable: z.boolean().default(true),
  consumeFromMinEnable: z.boolean().default(true),
  consumeBroadcastEnable: z.boolean().default(true),
  retryQueueNums: z.coerce.number().int().min(0).max(1024).default(1),
  retryMaxTimes: z.coerce.number().int().min(-1).max(1000).default(16),
  brokerId: z.coerce.number().int().min(0).default(0),
  whichBrokerWhenConsumeSlowly: z.coerce.number().int().min(0).default(1),
  notifyConsumerIdsChangedEnable: z.boolean().default(true),
  clusterName: z.string().trim().min(1).optional(),
});
export type SubscriptionGroupInput = z.infer<typeof subscriptionGroupInputSchema>;

export const resetOffsetInputSchema = z.object({
  /** One topic, or every topic the group consumes when omitted. */
  topic: topicNameSchema.optional(),
  /** Epoch ms; −1 means the end of the queue (skip the backlog). */
  timestamp: z.number().int().min(-1),
});
export type ResetOffsetInput = z.infer<typeof resetOffsetInputSchema>;

/** GET /api/groups/:group/reset-preview: the reset's input, from the query string. */
export const resetPreviewQuerySchema = z.object({
  topic: topicNameSchema.optional(),
  timestamp: z.coerce.number().int().min(-1),
});

const epochMs = z.coerce.number().int().min(0);

export const messageByTimeQuerySchema = z
  .object({ topic: topicNameSchema, begin: epochMs, end: epochMs, limit: z.coerce.number().int().min(1).max(2000).default(200) })
  .refine((v) => v.begin <= v.end, { message: 'the start must not be after the end', path: ['end'] });

export const messageByKeyQuerySchema = z.object({
  topic: topicNameSchema,
  key: z.string().trim().min(1, 'enter a key').max(512),
  begin: epochMs.optional(),
  end: epochMs.optional(),
});

export const messageByIdQuerySchema = z.object({
  id: z.string().trim().regex(/^[0-9A-Fa-f]{16,64}$/, 'a message id is 32 (or 56) hex characters'),
  topic: topicNameSchema.optional(),
});

export const resendInputSchema = z.object({
  /** Message ids (offset id, or UNIQ_KEY with `topic`). */
  ids: z.array(z.string().trim().regex(/^[0-9A-Fa-f]{16,64}$/, 'not a message id')).min(1).max(100),
  topic: topicNameSchema.optional(),
  /** Resend into this group's retry topic; otherwise to the message's original topic. */
  group: groupNameSchema.optional(),
});
export type ResendInput = z.infer<typeof resendInputSchema>;

export const producerQuerySchema = z.object({ group: groupNameSchema });

/** `datetime-local` value → epoch ms in the browser's zone; null when empty or invalid. */
export function localDateTimeToMs(value: string): number | null {
  if (!value) return null;
  const t = new Date(value).getTime();
  return Number.isFinite(t) ? t : null;
}
