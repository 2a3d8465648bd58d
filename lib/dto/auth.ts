/** GET /api/auth/session: how the console runs and who is logged in. */
export interface SessionDto {
  /** `open`: no users configured (loopback only), everyone is admin and nobody logs in. */
  mode: 'open' | 'users';
  authenticated: boolean;
  user?: string;
  role?: 'viewer' | 'admin';
}
