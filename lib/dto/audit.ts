/** One audit log entry as GET /api/audit returns it. */
export interface AuditRecordDto {
  ts: string;
  user: string;
  role?: string;
  ip: string;
  method: string;
  path: string;
  action: string;
  target?: string;
  outcome: 'success' | 'denied' | 'failure';
  status: number;
  detail?: string;
}

export interface AuditPageDto {
  items: AuditRecordDto[];
  total: number;
}
