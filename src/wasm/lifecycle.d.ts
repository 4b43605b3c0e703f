/** A lifecycle playbook, format version 1 (JSON Schema: schema/playbook.schema.json). */
export interface Playbook {
  $schema?: string;
  version: 1;
  name?: string;
  description?: string;
  /** The team member who owns leads in marketing's stages (lead, nurture, recycled, disqualified). */
  marketingOwner: string;
  /** Everyone who can own or hear about a lead, by id. */
  team: Record<string, TeamMember>;
  /** Business calendars by id. */
  calendars: Record<string, BusinessCalendar>;
  routing: Routing;
  sla: SlaPolicy;
  handoff?: HandoffPolicy;
  /** Nurture tracks; by default education, timing, budget-cycle, re-engagement, competitor. */
  nurture?: { tracks: Array<{ id: string; label?: string }> };
  rejection?: RejectionPolicy;
  /** The attributes whose change lifts a "wrong ICP" block; by default those the model's fit rules read. */
  fitAttributes?: string[];
}

export interface TeamMember {
  name?: string;
  email?: string;
  /** A team member id: where "manager" escalations go. */
  manager?: string;
  /** The calendar this person's SLAs run on (default: sla.calendar). */
  calendar?: string;
  role?: string;
}

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

export interface BusinessCalendar {
  label?: string;
  /** An IANA time zone name, such as "America/New_York"; daylight saving time is followed. */
  timeZone: string;
  /** Opening hours: "HH:MM" local time, `to` exclusive ("24:00" is the end of the day). */
  hours: Array<{ days: Weekday[]; from: string; to: string }>;
  /** Local dates ("2026-12-25") when the calendar is closed. */
  holidays?: Array<string | { date: string; name?: string }>;
}

export interface Routing {
  /** The lead attributes routing reads (these are the defaults). */
  fields?: { country?: string; companySize?: string; productInterest?: string; email?: string; accountId?: string };
  /** Territory id to country codes. Countries in none are territory "unmapped". */
  territories?: Record<string, string[]>;
  /** Company-size segments, `min` inclusive, `below` exclusive; a size in none is segment "unknown". */
  segments?: Array<{ id: string; min?: number; below?: number }>;
  /** Known product interests; anything else (or nothing) is product "none". */
  products?: string[];
  /** Checked first: a lead whose email domain or account id matches goes to the account owner. */
  namedAccounts?: Array<{ name?: string; owner: string; domains?: string[]; accountIds?: string[] }>;
  /** Round-robin pools by id. */
  pools?: Record<string, { label?: string; members: string[] }>;
  /** The first rule whose `when` holds assigns the lead; an empty or missing list means any value. */
  rules?: RoutingRule[];
  /** Where leads no rule covers go. Without it, the rules must cover every combination. */
  fallback?: RoutingTarget;
}

export type RoutingTarget = { owner: string; pool?: never } | { pool: string; owner?: never };

export type RoutingRule = {
  id: string;
  when?: { territory?: string[]; segment?: string[]; product?: string[] };
} & RoutingTarget;

/** Exactly one key: open time on a calendar, whole business days, or clock time. */
export type SlaWindow =
  | { businessMinutes: number }
  | { businessHours: number }
  /** By the close of the Nth business day; 1 is the same business day. */
  | { businessDays: number }
  | { minutes: number }
  | { hours: number };

export interface SlaPolicy {
  /** The calendar for owners without their own. */
  calendar: string;
  /** "Due soon" once no more than this share of the window is left (default 0.25). */
  dueSoonShare?: number;
  /** The first signal whose `when` holds sets the window; the last has no `when`. */
  signals: Array<{ id: string; label?: string; when?: { handRaiser?: boolean; rules?: string[] }; within: SlaWindow }>;
  /** After a breach: step N fires `afterBreach` past the due time (on the owner's calendar). */
  escalation?: Array<{ afterBreach?: SlaWindow; to: "manager" | string }>;
}

export interface HandoffPolicy {
  /** Attributes a handoff needs; a lead without them gets an `enrich` effect instead. */
  requiredFields?: string[];
  contactFields?: string[];
  /** The "why now" window, in days (default: the model's recencyDays, else 30). */
  whyNowDays?: number;
  /** Which event types are content, page views, email engagement and forms. */
  events?: { content?: string[]; pages?: string[]; emails?: string[]; forms?: string[] };
  /**
   * First-approach templates. The template of the strongest signal (the hand-raise, then the
   * drivers by points) that has one is used; the one without `rule` is the default.
   * Placeholders: {{firstName}}, {{name}}, {{title}}, {{company}}, {{signal}}, {{content}},
   * {{page}}, {{campaign}}, {{message}}, {{owner}}; `{{content|fallback}}` gives a fallback.
   */
  approaches?: Array<{ rule?: string; template: string }>;
}

export type RecyclePolicy = "recycle" | "blockUntilFitChanges" | "mergeDuplicate" | "disqualify";

export interface RejectionPolicy {
  /** Default true: a hand-raise brings a recycled lead back before its wait ends. */
  instantTriggersSkipWait?: boolean;
  /** Default: wrongIcp, premature, timing, budgetCycle, noResponse, duplicate, competitor. */
  reasons?: Array<{
    id: string;
    label?: string;
    policy: RecyclePolicy;
    track?: string;
    waitDays?: number;
    /** Contact attempts that must be logged before this reason may be used ("noResponse" needs at least 1). */
    minContactAttempts?: number;
    /** Sales may give `revisitAt`, the time the lead comes back. */
    acceptsRevisitDate?: boolean;
  }>;
}

export type Stage = "lead" | "mql" | "sal" | "sql" | "opportunity" | "nurture" | "recycled" | "disqualified";

/** A lead's lifecycle: plain data the caller stores and passes back. Times are RFC 3339 UTC. */
export interface LifecycleRecord {
  version: 1;
  leadId: string;
  stage: Stage;
  owner: string;
  enteredStageAt: string;
  history: HistoryEntry[];
  mqlCount: number;
  lastMqlAt: string | null;
  recycleCount: number;
  lastRecycleReason: string | null;
  recycledAt: string | null;
  nurtureTrack: string | null;
  reevaluateAt: string | null;
  icpBlock: { since: string; attributes: Record<string, AttributeValue> } | null;
  fitAtMql: Record<string, AttributeValue> | null;
  contactAttempts: number;
  sla: SlaClock | null;
  awaitingEnrichment: string[];
  disqualifiedReason: string | null;
}

export interface HistoryEntry {
  from: Stage;
  to: Stage;
  at: string;
  action: LifecycleAction["type"];
  reason: string | null;
  owner: string;
  note: string | null;
}

export interface SlaClock {
  signal: string;
  calendar: string;
  startedAt: string;
  dueAt: string;
  firstContactAt: string | null;
  reminded: boolean;
  flagged: boolean;
  escalations: number;
}

export type LifecycleAction =
  /** The latest score result (as `scorer.score` returned it) and the lead it was computed from. */
  | { type: "scoreUpdate"; score: ScoreResult; lead: Lead }
  | { type: "accept"; note?: string }
  | { type: "reject"; reason: string; note?: string; revisitAt?: Instant; duplicateOf?: string }
  | { type: "meetingBooked"; note?: string }
  | { type: "qualify"; note?: string }
  | { type: "openOpportunity"; note?: string }
  | { type: "disqualify"; reason: string; note?: string }
  | { type: "logContact"; channel?: string; note?: string }
  | { type: "timePasses" }
  | { type: "enrollNurture"; track: string }
  | { type: "reassign"; owner: string; note?: string };

export type Effect =
  | { type: "assignOwner"; owner: string; previousOwner: string; matched: "namedAccount" | "rule" | "fallback" | "manual" | "marketing"; rule?: string; pool?: string }
  | { type: "notifyOwner"; owner: string; reason: "newMql" | "slaDueSoon" | "reassigned"; handoff?: Handoff }
  | { type: "createTask"; owner: string; kind: "firstContact"; title: string; dueAt: string }
  | { type: "completeTask"; owner: string; kind: "firstContact" }
  | { type: "closeTasks"; owner: string }
  | { type: "scheduleCheck"; at: string; reason: "slaDueSoon" | "slaDue" | "escalation" }
  | { type: "enrollInNurture"; track: string }
  | { type: "exitNurture"; track: string }
  | { type: "scheduleReevaluation"; at: string; reason: string }
  | { type: "flagForManagerReview"; owner: string; manager?: string; dueAt: string }
  | { type: "escalate"; level: number; to: string; owner: string; dueAt: string }
  | { type: "enrich"; fields: string[] }
  | { type: "mergeDuplicate"; duplicateOf?: string };

/** Round-robin cursors: keep the latest and pass it to the next call. */
export interface RoutingState {
  version?: 1;
  cursors?: Record<string, number>;
  /** Owners of the accounts routed (`routeAccount`), by account id: their leads go to them. */
  accountOwners?: Record<string, string>;
}

export interface LifecycleOptions {
  /** The moment the action happens; the current time when omitted. */
  now?: Instant;
  routing?: RoutingState;
}

export interface Outcome {
  record: LifecycleRecord;
  routing: Required<RoutingState>;
  effects: Effect[];
}

export interface Handoff {
  version: 1;
  leadId: string;
  owner: string;
  ownerName: string | null;
  /** The playbook's contact fields the lead has, in its order. */
  contact: Record<string, AttributeValue>;
  score: { total: number; fit: number; intent: number; band: string | null; grid: string | null; reason: "threshold" | "instant"; crossedAt: string | null };
  /** What carried the lead over the line, strongest first. */
  drivers: Array<{ ruleId: string; label: string | null; group: "fit" | "intent"; points: number; lastAt: string | null }>;
  /** The event that took the lead over the line, when the score names one. */
  crossing: Activity | null;
  warmth: { kind: "handRaiser" | "accumulated"; summary: string; trigger: Activity | null };
  /** What happened in the recent window, newest first. */
  whyNow: Activity[];
  engagement: {
    content: Array<{ title: string; contentType: string | null; at: string }>;
    pages: Array<{ path: string; views: number; lastAt: string }>;
    emails: Array<{ campaign: string; interactions: Record<string, number>; lastAt: string }>;
  };
  formAnswers: Array<{ form: string; at: string; answers: Record<string, AttributeValue> }>;
  firstApproach: string;
  sla: { signal: string; window: string; dueAt: string };
  mqlCount: number;
  previousRecycleReason: string | null;
}

export interface Activity {
  type: string;
  at: string;
  summary: string;
}

export interface SlaStatus {
  state: "onTime" | "dueSoon" | "breached" | "met";
  signal: string;
  /** The window as people say it: "5 business minutes". */
  window: string;
  calendar: string;
  startedAt: string;
  dueAt: string;
  firstContactAt: string | null;
  /** Clock time from the start to first contact. */
  speedToLeadMs: number | null;
  /** Open time on the calendar from the start to first contact. */
  businessSpeedToLeadMs: number | null;
  /** Open time left before the due time; negative once overdue. */
  businessMsLeft: number;
  /** Contact came after the due time (then `state` is "breached"). */
  late: boolean;
}

export interface Assignment {
  owner: string;
  matched: "accountOwner" | "namedAccount" | "rule" | "fallback";
  rule?: string;
  pool?: string;
  key: { territory: string; segment: string; product: string; domain?: string; accountId?: string };
  routing: Required<RoutingState>;
}

export interface RejectionReasonInfo {
  id: string;
  label: string;
  policy: RecyclePolicy;
  track: string | null;
  waitDays: number;
  minContactAttempts: number;
  acceptsRevisitDate: boolean;
  isFinal: boolean;
}

/** Thrown by `new Lifecycle` for a playbook that does not compile. */
export interface PlaybookError extends Error {
  name: "PlaybookError";
  path: string;
  errors: ModelIssue[];
}

/** Thrown by `lifecycle.apply` for an action the record's stage does not allow. The record is unchanged. */
export interface TransitionError extends Error {
  name: "TransitionError";
  code:
    | "illegalTransition"
    | "reasonRequired"
    | "unknownReason"
    | "notEnoughContactAttempts"
    | "revisitNotAllowed"
    | "unknownTrack"
    | "unknownOwner"
    | "leadMismatch"
    | "timeWentBackwards";
  stage: Stage;
  action: LifecycleAction["type"];
}

/** The methods of `Lifecycle` (declared here for precise types). */
export interface Lifecycle {
  /** The record of a new lead: stage "lead", owned by marketing. */
  newRecord(leadId: string | number, options?: { now?: Instant }): LifecycleRecord;
  /** Applies an action; throws a TransitionError (record unchanged) or an InputError. */
  apply(record: LifecycleRecord | string, action: LifecycleAction | string, options?: LifecycleOptions): Outcome;
  /** Where the record's SLA stands; null when it has none. */
  slaStatus(record: LifecycleRecord | string, options?: { now?: Instant }): SlaStatus | null;
  /** Who routing assigns the lead to, and the advanced routing state. */
  route(lead: Lead | string, options?: { routing?: RoutingState }): Assignment;
  /** The handoff the lead would get now, or the required fields it lacks. */
  previewHandoff(lead: Lead | string, score: ScoreResult | string, options?: { now?: Instant; owner?: string }): { handoff: Handoff } | { missingFields: string[] };
  /** The due time (RFC 3339) of a window started at `start` on a calendar of the playbook. */
  dueAt(request: { calendar: string; start: Instant; within: SlaWindow }): string;
  /** The rejection reasons sales may choose from. */
  reasons(): RejectionReasonInfo[];
}
