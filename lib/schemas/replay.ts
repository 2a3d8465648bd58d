/** Inputs of replay (a time range of a topic, to a group or to another topic) and of DLQ republish/purge. */
import { z } from 'zod';
import { groupNameSchema, topicNameSchema } from './admin';

const epochMs = z.coerce.number().int().min(0);
export const rateSchema = z.coerce.number().int().min(1, 'at least 1 message/s').max(10_000, 'at most 10000 messages/s');
export const confirmSchema = z.coerce.number().int().min(0).optional();

/**
 * - `group`: reset the group's offsets on the topic to `from` (it re-consumes everything stored since);
 * - `exact`: send only [from, to] to the group's `%RETRY%group` with RETRY_TOPIC set (only that group sees them);
 * - `copy`: send [from, to] to another topic.
 */
export const replayModeSchema = z.enum(['group', 'exact', 'copy']);
export type ReplayMode = z.infer<typeof replayModeSchema>;

const replayFields = {
  mode: replayModeSchema,
  topic: topicNameSchema,
  from: epochMs,
  to: epochMs,
  group: groupNameSchema.optional(),
  target: topicNameSchema.optional(),
};

function checkReplay(v: { mode: ReplayMode; from: number; to: number; group?: string; target?: string; topic: string }, ctx: z.RefinementCtx) {
  if (v.from > v.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'the start must not be after the end' });
  if (v.mode !== 'copy' && !v.group) ctx.addIssue({ code: 'custom', path: ['group'], message: 'choose the group to re-deliver to' });
  if (v.mode === 'copy' && !v.target) ctx.addIssue({ code: 'custom', path: ['target'], message: 'choose the topic to copy to' });
  if (v.mode === 'copy' && v.target === v.topic) ctx.addIssue({ code: 'custom', path: ['target'], message: 'copy to another topic than the source' });
}

export const replayPreviewQuerySchema = z.object(replayFields).superRefine(checkReplay);
export type ReplayPreviewQuery = z.infer<typeof replayPreviewQuerySchema>;

export const replayStartSchema = z.object({ ...replayFields, ratePerSec: rateSchema.default(500), confirm: confirmSchema }).superRefine(checkReplay);
export type ReplayStartInput = z.infer<typeof replayStartSchema>;

const hexId = z.string().trim().regex(/^[0-9A-Fa-f]{16,64}$/, 'not a message id');

/** A signature group (its key from the summary) or a selection of offset message ids. */
const republishFields = {
  signature: z.string().max(4096).optional(),
  ids: z.array(hexId).max(500).optional(),
  /** `original`: the message's original topic (every group); `retry`: `%RETRY%group` (only this group). */
  to: z.enum(['original', 'retry']).default('retry'),
};

function checkRepublish(v: { signature?: string; ids?: string[] }, ctx: z.RefinementCtx) {
  if ((v.signature === undefined) === (v.ids === undefined || v.ids.length === 0)) {
    ctx.addIssue({ code: 'custom', path: ['signature'], message: 'give either a signature or a selection of ids' });
  }
}

export const republishPreviewSchema = z.object(republishFields).superRefine(checkRepublish);
export type RepublishPreviewInput = z.infer<typeof republishPreviewSchema>;

export const republishStartSchema = z.object({ ...republishFields, ratePerSec: rateSchema.default(500), confirm: confirmSchema }).superRefine(checkRepublish);
export type RepublishStartInput = z.infer<typeof republishStartSchema>;

export const purgeInputSchema = z.object({ confirm: z.number().int().min(0) });

export const dlqPageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const jobIdSchema = z.string().uuid();
