/**
 * Limits on what a model and the leads a scorer reads may hold, so that input nobody controls
 * cannot take unbounded memory or time. Input over a limit is refused: a `ModelError` for a
 * model, an `InputError` for a lead, an update or a batch, at the path of the first value past
 * the limit (`events[100000]`, `intent.rules[10000]`). A limit left out keeps its default.
 */
export interface ScorerLimits {
  /** Events in one lead, or in one `update` or `LeadStore.push` (default 100,000). */
  eventsPerLead?: number;
  /** Fit and intent rules together in the model (default 10,000). */
  rulesPerModel?: number;
  /** UTF-8 bytes of any string: ids, types, keys, values (default 65,536). */
  stringLength?: number;
  /** Arrays and objects nested in each other, the lead or model itself counting as one (default 32). */
  nestingDepth?: number;
  /** Leads in one `scoreBatch` (default 100,000). */
  batchSize?: number;
}

export interface ScorerOptions {
  limits?: ScorerLimits;
}

/**
 * A lead's compact incremental-scoring state, from `initState` or `update`. Store it beside the
 * lead as bytes (or base64); its size depends on the model, not on the length of the history.
 */
export type LeadState = Uint8Array;

export interface UpdateOptions extends ScoreOptions {
  /** New attributes for the lead (they replace the stored ones). */
  attributes?: Record<string, AttributeValue>;
}

export interface Update {
  state: LeadState;
  result: ScoreResult;
}

/** What a lead's last `LeadStore.push` found. */
export interface PushSummary {
  total: number;
  mql: boolean;
  band: string | null;
  asOf: string;
}

/**
 * Lead states kept in this Wasm instance, by lead id, for a process that sees a stream of
 * events (a long-running worker, a warm serverless instance, a page): pushing an event costs a
 * fold step, not a state round trip. Results are the same as `Scorer.update`'s. A lead id is a
 * string or a whole number, read as ids in leads are (`660737` and `"660737"` are one lead).
 */
export interface LeadStore {
  /** Adds a lead (its id and attributes) or a saved state; a lead already there is replaced. */
  add(lead: Pick<Lead, "id" | "attributes"> | LeadState | string): void;
  /**
   * Takes new events for a lead and answers its total as of `asOf` (default: now); `mql()` and
   * `summary()` tell the rest. The fast path: pass the events as JSON text and `asOf` as epoch
   * milliseconds.
   */
  push(leadId: string | number, events: LeadEvent | LeadEvent[] | string, asOf?: Instant): number;
  /** Whether the lead was an MQL at its last push. */
  mql(leadId: string | number): boolean;
  /** Total, MQL status, band and as-of time at the lead's last push. */
  summary(leadId: string | number): PushSummary;
  /** The lead's full result as of `options.asOf` (no earlier than its last push). */
  result(leadId: string | number, options?: ScoreOptions): ScoreResult;
  /** The lead's state, to save and `add` later or use with `Scorer.update`. */
  state(leadId: string | number): LeadState;
  setAttributes(leadId: string | number, attributes: Record<string, AttributeValue>): void;
  /** Removes a lead; true if it was there. */
  delete(leadId: string | number): boolean;
  has(leadId: string | number): boolean;
  readonly size: number;
}

/** The scoring methods of `Scorer` (declared here for precise option types). */
export interface Scorer {
  /**
   * Scores one lead (an object or JSON text) as of `options.asOf` (default: now).
   * Throws an `InputError` with the path of the bad value.
   */
  score(lead: Lead | string, options?: ScoreOptions & { detail?: "full" }): ScoreResult;
  score(lead: Lead | string, options: ScoreOptions & { detail: "summary" }): ScoreSummary;
  /**
   * Scores many leads (an array, or JSON text of one) in one call: the fast path. With
   * `onError: "collect"`, a lead that cannot be read yields a `FailedLead` in its place.
   */
  scoreBatch(leads: Lead[] | string, options?: BatchOptions & { onError?: "throw"; detail?: "full" }): ScoreResult[];
  scoreBatch(leads: Lead[] | string, options: BatchOptions & { onError: "collect"; detail?: "full" }): Array<ScoreResult | FailedLead>;
  scoreBatch(leads: Lead[] | string, options: BatchOptions & { onError?: "throw"; detail: "summary" }): ScoreSummary[];
  scoreBatch(leads: Lead[] | string, options: BatchOptions & { onError: "collect"; detail: "summary" }): Array<ScoreSummary | FailedLead>;
  /** A new incremental state for a lead: its id and attributes (its events go to `update`). */
  initState(lead: Pick<Lead, "id" | "attributes"> | string): LeadState;
  /**
   * Takes a lead's new events into its state and returns the new state and the result: exactly
   * what scoring the whole history would give, as long as no event arrives more than 48 hours
   * (or 128 events) behind newer ones (such an event is reported as a `lateEvent` warning).
   * Redelivered events (same id) count once. Throws an `InputError` and leaves the state as it
   * was on bad input, a state from another model, or an `asOf` before folded events.
   */
  update(state: LeadState, events: LeadEvent[] | string, options?: UpdateOptions): Update;
}
