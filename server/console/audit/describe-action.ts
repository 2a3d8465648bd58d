/** Names a console API mutation for the audit log: `POST /api/topics` → `topic.save`, with its target. */
interface ActionRule {
  method: string;
  pattern: RegExp;
  action: string;
  /** Where the target comes from: the path's first capture, or a field of the JSON body. */
  bodyField?: string;
}

const RULES: ActionRule[] = [
  { method: 'POST', pattern: /^\/api\/topics$/, action: 'topic.save', bodyField: 'topic' },
  { method: 'DELETE', pattern: /^\/api\/topics\/([^/]+)$/, action: 'topic.delete' },
  { method: 'POST', pattern: /^\/api\/topics\/([^/]+)\/messages$/, action: 'topic.send-message' },
  { method: 'POST', pattern: /^\/api\/groups$/, action: 'group.save', bodyField: 'groupName' },
  { method: 'DELETE', pattern: /^\/api\/groups\/([^/]+)$/, action: 'group.delete' },
  { method: 'POST', pattern: /^\/api\/groups\/([^/]+)\/reset-offset$/, action: 'group.reset-offset' },
  { method: 'POST', pattern: /^\/api\/messages\/resend$/, action: 'message.resend', bodyField: 'group' },
  { method: 'POST', pattern: /^\/api\/dlq\/([^/]+)\/republish\/preview$/, action: 'dlq.republish-preview' },
  { method: 'POST', pattern: /^\/api\/dlq\/([^/]+)\/republish$/, action: 'dlq.republish' },
  { method: 'POST', pattern: /^\/api\/dlq\/([^/]+)\/purge$/, action: 'dlq.purge' },
  { method: 'POST', pattern: /^\/api\/replay\/group$/, action: 'replay.group', bodyField: 'topic' },
  { method: 'POST', pattern: /^\/api\/replay\/exact$/, action: 'replay.exact', bodyField: 'topic' },
  { method: 'POST', pattern: /^\/api\/replay\/copy$/, action: 'replay.copy', bodyField: 'topic' },
  { method: 'POST', pattern: /^\/api\/jobs\/([^/]+)\/cancel$/, action: 'job.cancel' },
  { method: 'PUT', pattern: /^\/api\/settings\/namesrv$/, action: 'settings.namesrv', bodyField: 'namesrvAddr' },
  { method: 'POST', pattern: /^\/api\/alerts\/rules$/, action: 'alert-rule.create', bodyField: 'group' },
  { method: 'DELETE', pattern: /^\/api\/alerts\/rules\/([^/]+)$/, action: 'alert-rule.delete' },
  { method: 'PUT', pattern: /^\/api\/alerts\/settings$/, action: 'alert-settings.update' },
  { method: 'POST', pattern: /^\/api\/alerts\/silences$/, action: 'alert.silence', bodyField: 'ruleId' },
  { method: 'POST', pattern: /^\/api\/auth\/login$/, action: 'auth.login', bodyField: 'name' },
  { method: 'POST', pattern: /^\/api\/auth\/logout$/, action: 'auth.logout' },
];

export interface DescribedAction {
  action: string;
  target?: string;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function describeAction(method: string, pathname: string, body?: unknown): DescribedAction {
  const m = method.toUpperCase();
  for (const rule of RULES) {
    if (rule.method !== m) continue;
    const match = rule.pattern.exec(pathname);
    if (!match) continue;
    let target = match[1] === undefined ? undefined : decode(match[1]);
    if (target === undefined && rule.bodyField && body && typeof body === 'object') {
      const v = (body as Record<string, unknown>)[rule.bodyField];
      if (typeof v === 'string' || typeof v === 'number') target = String(v);
    }
    return { action: rule.action, target: target?.slice(0, 256) };
  }
  return { action: `${m.toLowerCase()} ${pathname}`.slice(0, 200) };
}
