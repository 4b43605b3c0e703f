/* The account scoring API (`leadscore/full`); the model's `accounts` section is typed with the model. */

export type AccountBlocker =
  | "missingRoles"
  | "tooFewRoles"
  | "tooFewEngagedContacts"
  | "fitTooLow"
  | "intentTooLow";

/** An account's score, as of a moment. */
export interface AccountResult {
  accountId: string;
  keyedBy: "attribute" | "domain";
  asOf: string;
  /** Fit and intent within the account's own bounds; total within its cap and floor. */
  fit: number;
  intent: number;
  total: number;
  band: string | null;
  mqa: boolean;
  /** "threshold" when the total reached the MQA threshold (with `mqa: false`, `blockedBy` says why not). */
  mqaReason: "threshold" | null;
  blockedBy: AccountBlocker[];
  /** The first moment, replaying the contacts' events in time order, the account was an MQA. */
  crossedAt: string | null;
  /** The contact whose event took it over the line then. */
  crossedBy: string | null;
  engagedContacts: number;
  roles: {
    covered: Array<{ roleId: string; label: string | null; leadIds: string[] }>;
    missing: Array<{
      roleId: string;
      label: string | null;
      required: boolean;
      play: string;
      /** Contacts who hold the role but are not engaged. */
      knownLeadIds: string[];
    }>;
  };
  signals: Array<{
    signalId: string;
    label: string | null;
    met: boolean;
    contacts: number;
    needed: number;
    points: number;
  }>;
  /** Every contact, best total first. */
  contacts: AccountContact[];
  /** Add up to `total`; a contact's `rules` add up to its `points`. */
  contributions: AccountContribution[];
}

export interface AccountContact {
  leadId: string;
  name: string | null;
  title: string | null;
  roles: string[];
  engaged: boolean;
  fit: number;
  intent: number;
  total: number;
  band: string | null;
  mql: boolean;
  handRaiser: boolean;
  disqualified: boolean;
  lastEngagementAt: string | null;
  crossedAt: string | null;
}

export type AccountContribution = {
  group: "fit" | "intent";
  /** Whole points after the account's bounds. */
  points: number;
  /** The contact's own points in the group (or the signal's), before the account's bounds. */
  rawPoints: number;
} & (
  | { leadId: string; rules: Array<{ ruleId: string; label?: string; points: number }> }
  | { signalId: string }
);

export interface AccountsResult {
  accounts: AccountResult[];
  /** Leads in no account: a free-mail address, no email, or an email without a domain. */
  ungrouped: Array<{ leadId: string; reason: "freeMail" | "noEmail" | "notAnEmail" }>;
}

export type AccountOf =
  | { accountId: string; keyedBy: "attribute" | "domain" }
  | { accountId: null; ungrouped: "freeMail" | "noEmail" | "notAnEmail" };

/** A contact given by its attributes and its score result (a full result, or one with at least the fields an account reads). */
export interface AccountContactInput {
  attributes?: Record<string, AttributeValue>;
  score: ScoreResult | ScoreSummary;
}

/** What `AccountStore.push` did: the lead's total, and its account's standing then. */
export interface AccountPush {
  total: number;
  accountId: string | null;
  mqa: boolean;
  /** This push made the account an MQA for the first time. */
  crossed: boolean;
}

/** The account methods (declared here for precise types). */
export interface AccountScorer {
  /** The account a lead belongs to, or why it has none. */
  accountOf(lead: Pick<Lead, "id" | "attributes"> | string): AccountOf;
  /** Every account the leads belong to (each with its events), as of `options.asOf`. */
  scoreAccounts(leads: Lead[] | string, options?: { asOf?: Instant }): AccountsResult;
  /** One account from all its leads; a lead of another account (or none) is an `InputError`. */
  scoreAccount(leads: Lead[] | string, options?: { asOf?: Instant }): AccountResult;
  /**
   * One account from its contacts' results, all as of one time. `crossedAt` is when it first
   * was an MQA, as you stored it; without it, an account that is an MQA now crossed now.
   */
  rollUp(contacts: AccountContactInput[] | string, options?: { crossedAt?: Instant }): AccountResult;
}

/**
 * Leads grouped into accounts, held in this Wasm instance: each push takes a lead's events and
 * judges its account at that moment, so `crossed` says when the account becomes an MQA.
 */
export interface AccountStore {
  /** Adds a lead (its id and attributes); returns its account id, or null. */
  add(lead: Pick<Lead, "id" | "attributes"> | string): string | null;
  push(leadId: string | number, events: LeadEvent | LeadEvent[] | string, asOf?: Instant): AccountPush;
  /** An account's full result as of `options.asOf` (default: now). */
  account(accountId: string, options?: { asOf?: Instant }): AccountResult;
  /** A lead's own full result. */
  result(leadId: string | number, options?: { asOf?: Instant }): ScoreResult;
  accountOf(leadId: string | number): string | null;
  accountIds(): string[];
  contacts(accountId: string): string[];
  /** Replaces a lead's attributes; returns its account id (it may have moved), or null. */
  setAttributes(leadId: string | number, attributes: Record<string, AttributeValue>): string | null;
  delete(leadId: string | number): boolean;
  has(leadId: string | number): boolean;
  readonly size: number;
}
