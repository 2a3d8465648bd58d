/** Query of `GET /api/topics/:topic/tail`: the filters, and `lastEventId` for clients that cannot set the header. */
import { z } from 'zod';

const filterText = z.string().trim().max(256, 'at most 256 characters').optional();

export const liveTailQuerySchema = z.object({
  tag: filterText,
  key: filterText,
  body: z.string().max(256, 'at most 256 characters').optional(),
  lastEventId: z.string().max(64).optional(),
});

export type LiveTailQuery = z.infer<typeof liveTailQuerySchema>;
