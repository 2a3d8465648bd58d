import { z } from 'zod';

/** A time as epoch ms or anything `Date.parse` reads (ISO, `datetime-local`). */
const timeSchema = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const t = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
    if (!Number.isFinite(t)) {
      ctx.addIssue({ code: 'custom', message: 'not a time' });
      return z.NEVER;
    }
    return t;
  });

const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => (v ? v : undefined));

export const auditQuerySchema = z.object({
  user: optionalText,
  action: optionalText,
  outcome: z
    .enum(['success', 'denied', 'failure', ''])
    .optional()
    .transform((v) => (v ? v : undefined)),
  from: timeSchema.optional(),
  to: timeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;
