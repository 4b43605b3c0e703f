export interface FunnelOptions {
  /** The moment SLA clocks are judged at (default: now). */
  now?: Instant;
  /** Cohorts by the week (from Monday, UTC) or month of the MQL (default "month"). */
  cohort?: "month" | "week";
  /** Attributes to break rejection reasons down by (lead source, segment...). */
  segments?: string[];
  /** The model: with `leads`, the rules that carried each MQL over the line are found. */
  model?: Model | string;
  /** The playbook (with `model`): speed to lead also in business time. */
  playbook?: Playbook | string;
  /** The leads, to score each as of its MQLs. */
  leads?: Lead[] | string;
  /** Attribute values by lead id, for `segments` (a record's fit attributes at its MQL otherwise). */
  attributes?: Record<string, Record<string, AttributeValue>>;
  /** "text" or "markdown": the report written for people instead of the object. */
  format?: "json" | "text" | "markdown";
}

export interface StageRate {
  reached: number;
  /** MQLs that reached it or left sales without it. */
  settled: number;
  pending: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}

export interface StageRates {
  acceptance: StageRate;
  mqlToSql: StageRate;
  meeting: StageRate;
  opportunity: StageRate;
}

export interface SpeedToLead {
  contacted: number;
  medianMs: number | null;
  p90Ms: number | null;
  /** Business time on the owners' calendars (null without the playbook). */
  businessMedianMs: number | null;
  businessP90Ms: number | null;
}

export interface ReasonCount {
  reason: string;
  count: number;
  share: number | null;
}

export interface FunnelReport {
  now: string;
  records: number;
  /** MQL episodes: each time a lead became an MQL. */
  mqls: number;
  stages: StageRates;
  speedToLead: SpeedToLead;
  sla: Array<{ signal: string; clocks: number; met: number; late: number; missed: number; pending: number; adherence: number | null; speedToLead: SpeedToLead }>;
  rejections: ReasonCount[];
  rejectionsBy: Array<{ attribute: string; rows: Array<{ value: string; mqls: number; rejected: number; rejectionRate: number | null; reasons: ReasonCount[] }> }>;
  recycling: {
    recycled: number;
    requalified: number;
    rate: number | null;
    requalifiedToSql: StageRate;
    byReason: Array<{ reason: string; recycled: number; requalified: number; rate: number | null }>;
  };
  mqlCounts: Array<{ mqls: number; records: number }>;
  cohorts: Array<{ cohort: string; mqls: number; stages: StageRates; speedToLead: SpeedToLead }>;
  flags: Array<{ code: "mqlToSqlLow" | "mqlToSqlHigh" | "slaMissed" | "rejectionsFromOneRule"; subject?: string; message: string }>;
}

/** Funnel metrics from lifecycle records (an array, or JSON text: an array or JSON Lines), written for people. */
export function funnel(records: LifecycleRecord[] | string, options: FunnelOptions & { format: "text" | "markdown" }): string;
/** Funnel metrics from lifecycle records (an array, or JSON text: an array or JSON Lines). */
export function funnel(records: LifecycleRecord[] | string, options?: FunnelOptions): FunnelReport;
