/** Alert rules, alerts, notifications and lag trends as the console API returns them. */

/** What a rule watches. */
export type AlertRuleKind = 'messageLag' | 'timeLag' | 'dlqGrowth' | 'noOnlineClient' | 'consumerStatus' | 'replicaBehind';
export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface AlertRuleDto {
  id: string;
  name: string;
  /** The consumer group watched; '' for replicaBehind (it watches broker groups). */
  group: string;
  /** Only this topic of the group; null = every topic the group consumes. */
  topic: string | null;
  /** replicaBehind: the broker group (brokerName) watched; null = any. Absent for other kinds. */
  brokerName?: string | null;
  kind: AlertRuleKind;
  /**
   * messageLag: messages behind; timeLag: seconds behind (age of the oldest unconsumed message);
   * dlqGrowth: messages added to `%DLQ%<group>` within `forSeconds`; replicaBehind: commit-log bytes a slave is
   * behind its master; noOnlineClient, consumerStatus: unused (0).
   */
  threshold: number;
  /** consumerStatus: the Burrow statuses that count as a breach (any queue in one of them); absent for other kinds. */
  statuses?: ConsumerStatus[];
  /** How long the condition must hold before the alert fires (for dlqGrowth: the look-back window). */
  forSeconds: number;
  severity: AlertSeverity;
  /** JSON POST on firing and resolved; null = UI only. */
  webhookUrl: string | null;
  enabled: boolean;
  createdAt: string;
}

/** Burrow's consumer statuses (https://github.com/linkedin/Burrow/wiki/Consumer-Lag-Evaluation-Rules). */
export type ConsumerStatus = 'OK' | 'WARN' | 'ERR' | 'STALL' | 'STOP' | 'REWIND';

export type AlertState = 'pending' | 'firing' | 'resolved';

export interface AlertDto {
  id: string;
  ruleId: string;
  ruleName: string;
  group: string;
  topic: string | null;
  /** replicaBehind: the rule's broker group (null = any). */
  brokerName?: string | null;
  kind: AlertRuleKind;
  severity: AlertSeverity;
  state: AlertState;
  /**
   * Latest value of the watched figure (same unit as the rule's threshold; consumerStatus: queues in a watched
   * status; replicaBehind: bytes behind of the slave furthest behind).
   */
  value: number;
  threshold: number;
  /** When the condition first held (ISO). */
  activeAt: string;
  firedAt: string | null;
  resolvedAt: string | null;
  /** The rule is silenced until then (ISO); null = not silenced. */
  silencedUntil: string | null;
  /** The group's Burrow status when last evaluated. */
  consumerStatus: ConsumerStatus | null;
  summary: string;
}

export interface NotificationDto {
  id: string;
  alertId: string;
  ruleName: string;
  event: 'firing' | 'resolved';
  url: string;
  status: 'sending' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  at: string;
}

export interface SilenceDto {
  ruleId: string;
  until: string;
}

export interface PartitionStatusDto {
  topic: string;
  brokerName: string;
  queueId: number;
  status: ConsumerStatus;
  lag: number;
}

export interface GroupStatusDto {
  group: string;
  status: ConsumerStatus;
  totalLag: number;
  /** Partitions not OK (all of them when few). */
  partitions: PartitionStatusDto[];
  sampledAt: string;
}

export interface AlertsOverviewDto {
  rules: AlertRuleDto[];
  /** Pending and firing alerts. */
  active: AlertDto[];
  /** Resolved alerts, newest first. */
  history: AlertDto[];
  notifications: NotificationDto[];
  silences: SilenceDto[];
  groups: GroupStatusDto[];
  sampleIntervalMs: number;
  lastEvaluationAt: string | null;
  lastError: string | null;
}

export interface LagPointDto {
  /** Epoch ms. */
  t: number;
  lag: number;
  /** Seconds behind; null when not measured for this group. */
  timeLagSeconds: number | null;
}

export interface LagTrendDto {
  group: string;
  points: LagPointDto[];
  /** Rules on this group, whose thresholds the chart draws. */
  thresholds: { ruleId: string; ruleName: string; kind: AlertRuleKind; threshold: number }[];
  sampleIntervalMs: number;
}

export interface AlertSettingsDto {
  sampleIntervalMs: number;
}
