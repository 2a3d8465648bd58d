import { z } from 'zod';

export const loginInputSchema = z.object({
  name: z.string().trim().min(1, 'enter your user name').max(64),
  password: z.string().min(1, 'enter your password').max(1024),
});
export type LoginInput = z.infer<typeof loginInputSchema>;
