/** A scoring model, format version 1 (JSON Schema: schema/model.schema.json). */
export interface Model {
  $schema?: string;
  version: 1;
  name?: string;
  description?: string;
  fit?: FitGroup;
  intent?: IntentGroup;
  /** Cap and floor on fit + intent. */
  total?: Bounds;
  mql: MqlPolicy;
  /** Named score bands, from low to high; each runs from its `min` up to the next band's. */
  bands?: Band[];
  /** Separate fit and intent bands; a lead's cell is the fit band's name then the intent band's ("A1"). */
  grid?: { fit: Band[]; intent: Band[] };
  /** Account-based scoring (`AccountScorer`, in `leadscore/full`); leads are not scored by it. */
  accounts?: AccountsPolicy;
}

/** Whole points. A cap is at least 0, a floor at most 0. */
export interface Bounds {
  cap?: number;
  floor?: number;
}

export interface FitGroup extends Bounds {
  rules?: FitRule[];
}

/** Points (or a disqualification) when an attribute meets a condition. */
export interface FitRule {
  id: string;
  label?: string;
  /** An attribute name; dots reach into objects ("company.size"). */
  attribute: string;
  when: Condition;
  /** Required unless the rule disqualifies. Negative for penalties. */
  points?: number;
  /** A lead that meets this rule is never an MQL, whatever its score. */
  disqualify?: boolean;
}

export type Scalar = string | number | boolean;

/** Every operator given must hold. Text comparisons ignore case. */
export interface Condition {
  equals?: Scalar;
  in?: Scalar[];
  /** Whole words or phrases: "cto" matches "CTO & co-founder" but not "Director". */
  containsAny?: string[];
  prefix?: string | string[];
  suffix?: string | string[];
  /** Inclusive lower bound. */
  min?: number;
  /** Inclusive upper bound. */
  max?: number;
  /** Exclusive lower bound. */
  above?: number;
  /** Exclusive upper bound. */
  below?: number;
  /** Present and not blank (true), or absent or blank (false). */
  exists?: boolean;
  not?: Condition;
}

export interface IntentGroup extends Bounds {
  /** The default decay of positive intent points. */
  decay?: Decay;
  rules?: IntentRule[];
}

/** Points for events of a type whose properties meet conditions. */
export interface IntentRule {
  id: string;
  label?: string;
  event: string | string[];
  /** Conditions on event properties, by property name. */
  where?: Record<string, Condition>;
  /** Per counted event, or once for a window rule. Required unless instant or disqualify. */
  points?: number;
  /** At most `max` events count, in total or per UTC day, ISO week or month (the most recent count). */
  limit?: { max: number; per?: "day" | "week" | "month" };
  /** Points once when at least `atLeast` events fall within `days`: the past days before asOf
   * ("trailing", the default) or any span of that length ("sliding"). */
  window?: { atLeast: number; days: number; mode?: "trailing" | "sliding" };
  /** Overrides the intent default. Penalties (negative points) do not decay unless given one. */
  decay?: Decay;
  /** A hand-raise (demo request): the lead becomes an MQL whatever its score. */
  instant?: boolean;
  disqualify?: boolean;
  /** Whether matching events count as meaningful engagement; by default, rules with positive points or instant. */
  engagement?: boolean;
}

export type Decay = (
  | { kind: "none" }
  | { kind: "step"; steps: Array<{ afterDays: number; keep: number }> }
  | { kind: "exponential"; halfLifeDays: number }
  | { kind: "linear"; overDays: number }
  | { kind: "window"; days: number }
) & {
  /** Age from each event ("event", the default) or from the lead's last engagement. */
  age?: "event" | "lastEngagement";
};

export interface MqlPolicy {
  threshold: number;
  /** A meaningful engagement must have happened within this many days. */
  recencyDays?: number;
  /** Attributes that must be present for a lead to be an MQL. */
  requiredFields?: string[];
  minFit?: number;
  minIntent?: number;
}

export interface Band {
  name: string;
  min?: number;
}

/** A moment: a Date, RFC 3339 text, or epoch milliseconds. */
export type Instant = Date | string | number;

export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[]
  | { [key: string]: AttributeValue };

export interface Lead {
  id: string | number;
  attributes?: Record<string, AttributeValue>;
  events?: LeadEvent[];
}

export interface LeadEvent {
  /** Events with an id already seen in the lead are ignored (webhooks repeat). */
  id?: string | number;
  type: string;
  at: Instant;
  props?: Record<string, AttributeValue>;
}

export interface ScoreOptions {
  /** The moment to score as of; the current time when omitted. */
  asOf?: Instant;
  /**
   * "full" (the default): the whole result, with contributions, blockers, the crossing and
   * warnings. "summary": the scores and the decision only (`ScoreSummary`), smaller and faster.
   */
  detail?: "full" | "summary";
}

export interface BatchOptions extends ScoreOptions {
  /** "throw" (default): a bad lead fails the batch. "collect": it yields a FailedLead. */
  onError?: "throw" | "collect";
}

export type MqlReason = "threshold" | "instant";
export type Blocker = "disqualified" | "missingFields" | "noRecentEngagement" | "fitTooLow" | "intentTooLow";

export interface ScoreResult {
  leadId: string;
  /** RFC 3339, UTC, milliseconds. */
  asOf: string;
  /** Fit points after the fit cap and floor. */
  fit: number;
  /** Intent points after decay and the intent cap and floor. */
  intent: number;
  /** fit + intent within the total cap and floor; the contributions add up to it. */
  total: number;
  band: string | null;
  fitBand: string | null;
  intentBand: string | null;
  grid: string | null;
  mql: boolean;
  mqlReason: MqlReason | null;
  handRaiser: boolean;
  trigger: { ruleId: string; event: EventRef } | null;
  /** What keeps a lead that reached the threshold (or raised its hand) from being an MQL. */
  blockedBy: Blocker[];
  disqualified: boolean;
  disqualifiedBy: string[];
  missingFields: string[];
  lastEngagementAt: string | null;
  /** The first time, replaying the events, at which the lead was an MQL. */
  crossedAt: string | null;
  crossingEvent: EventRef | null;
  contributions: Contribution[];
  warnings: ScoreWarning[];
}

/** A result without its explanation (`detail: "summary"`). */
export interface ScoreSummary {
  leadId: string;
  asOf: string;
  fit: number;
  intent: number;
  total: number;
  band: string | null;
  grid: string | null;
  mql: boolean;
  mqlReason: MqlReason | null;
  handRaiser: boolean;
  disqualified: boolean;
  crossedAt: string | null;
}

export interface EventRef {
  /** Position in the lead's events array. */
  index: number;
  id: string | null;
  type: string;
  at: string;
}

export interface Contribution {
  ruleId: string;
  group: "fit" | "intent";
  label?: string;
  /** Whole points after decay and every cap and floor. */
  points: number;
  /** Points before decay and caps. */
  rawPoints: number;
  decayFactor: number;
  matched: number;
  counted: number;
  lastAt: string | null;
}

export interface ScoreWarning {
  /** `lateEvent` comes only from `update`: an event older than what the state has folded. */
  code: "unknownEventType" | "eventAfterAsOf" | "duplicateEventId" | "lateEvent" | "notANumber";
  message: string;
  path: string;
  count: number;
}

export interface FailedLead {
  leadId: string | null;
  error: { name: "InputError"; message: string; path: string };
}

export interface ModelIssue {
  path: string;
  message: string;
}

/** Thrown by `new Scorer(model)`. */
export interface ModelError extends Error {
  name: "ModelError";
  /** The path of the first problem. */
  path: string;
  errors: ModelIssue[];
}

/** Thrown for a lead, batch or option that cannot be read. */
export interface InputError extends Error {
  name: "InputError";
  path: string;
}

/**
 * A model's `accounts` section: how a lead maps to its account, how its contacts' scores roll
 * up, buying-group roles, account signals and when an account is marketing qualified (MQA).
 */
export interface AccountsPolicy {
  /** The account id attribute (default `accountId`), else the email's domain; free-mail domains are never grouped. */
  key?: {
    attribute?: string;
    email?: string;
    /** More free-mail domains than the built-in list. */
    freeMailDomains?: string[];
    /** Whether the built-in free-mail list applies (default true). */
    builtInFreeMail?: boolean;
  };
  /** By default fit comes from the best contact and intent is the sum of the best three. */
  rollup?: { fit?: GroupRollup; intent?: GroupRollup; total?: Bounds };
  /** A contact is engaged when its last meaningful engagement is less than this many days old (default 14). */
  engagedDays?: number;
  roles?: AccountRole[];
  signals?: AccountSignal[];
  mqa: {
    threshold: number;
    minFit?: number;
    minIntent?: number;
    /** Roles an engaged contact must hold. */
    requiredRoles?: string[];
    /** How many distinct roles engaged contacts must hold. */
    minRoles?: number;
    minEngagedContacts?: number;
  };
  bands?: Band[];
  /** The most contacts one account may hold (default 1000, at most 10000). */
  maxContacts?: number;
}

export type GroupRollup = Bounds & ({ method: "best" } | { method: "sumTop"; top: number });

/** A buying-group role: a contact holds it when every condition on its attributes holds. */
export interface AccountRole {
  id: string;
  label?: string;
  where: Record<string, Condition>;
  /** What to do when no engaged contact holds it (default "No <label> engaged yet."). */
  play?: string;
}

/** At least `engagedContacts` contacts (holding one of `roles`, if given) engaged within `days`. */
export interface AccountSignal {
  id: string;
  label?: string;
  engagedContacts: number;
  days: number;
  roles?: string[];
  /** Account intent points while it holds. */
  points?: number;
}
