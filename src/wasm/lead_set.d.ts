/**
 * Where every lead of a `LeadSet` stands under a model, lead by lead in the set's order: each
 * column holds exactly what the lead's full result holds in the field of that name. When a lead
 * crossed the line is not here (it needs its events replayed): `LeadSet.result` gives it.
 */
export interface Standings {
  /**
   * How the answer was found: `"reweigh"` from the rule table of a model of the same shape at
   * the same as-of time (other points, caps, floors, threshold, bands, grid or MQL minimums),
   * `"refold"` by folding events already matched against this shape up to another as-of time,
   * `"rescore"` by matching the resident leads against a new shape (never by reading text again).
   */
  work: "reweigh" | "refold" | "rescore";
  /** RFC 3339; null for an empty set. */
  asOf: string | null;
  fit: Float64Array;
  intent: Float64Array;
  total: Float64Array;
  /** The position of the lead's band in the model's `bands`, or -1 (no band). */
  band: Int32Array;
  /** The positions of its fit and intent bands in the model's `grid`, or -1 (or no grid). */
  fitBand: Int32Array;
  intentBand: Int32Array;
  /** The MQL decision in bits: `LeadSet.flags()` names them. */
  flags: Uint8Array;
}

/**
 * `Standings` in the compact columns a view of many leads stores, as `KeptRuleTable.reweighCompact`
 * gives them, with the counts such a view takes from them: each value is what JavaScript stores
 * of the standings' own column in an array of that type (`new Int32Array(standings.total)`,
 * and so on).
 */
export interface CompactStandings {
  work: "reweigh";
  /** RFC 3339; null for an empty set. */
  asOf: string | null;
  totals: Int32Array;
  fit: Int32Array;
  intent: Int32Array;
  /** The position of the lead's band in `bands` (modulo 256), or 255 (no band). */
  band: Uint8Array;
  /** 1 for an MQL, else 0. */
  mql: Uint8Array;
  /** The positions of its fit and intent bands in the model's `grid`, or -1 (or no grid). */
  fitBand: Int16Array;
  intentBand: Int16Array;
  /** The model's band names, in order. */
  bands: string[];
  /** How many leads are MQLs. */
  mqlCount: number;
  /** How many leads have each value of `band` (256 counts). */
  bandCounts: Uint32Array;
  /** The lowest and highest of `totals`; null for an empty set. */
  range: [number, number] | null;
  /** The points are the previous answer's (only the decision changed: threshold, bands...). */
  pointsKept: boolean;
  /**
   * Against the baseline given to `KeptRuleTable.compareWith` (null without one, or for another
   * number of leads): each lead's change, 0 it became an MQL, 1 it is no longer one, 2 its band's
   * name changed, 3 neither.
   */
  ranks: Uint8Array | null;
  /** How many leads have each of those ranks, `[became, noLonger, band, none]`. */
  changeCounts: [number, number, number, number] | null;
}

/** The bits of `Standings.flags`. A lead that reached the bar and is no MQL is blocked. */
export interface StandingFlags {
  mql: number;
  handRaiser: number;
  disqualified: number;
  /** It reached the bar by its score (`mqlReason: "threshold"`). */
  threshold: number;
  /** It reached the bar by a hand-raise (`mqlReason: "instant"`). */
  instant: number;
}

/** A kind of warning about the leads' input, as `LeadSet.warnings` gives it. */
export interface LeadSetWarning {
  code: ScoreWarning["code"];
  /** How many leads have it. */
  leads: number;
  /** The first such lead (by its position in the set) and its warning. */
  first: { index: number; leadId: string; path: string; message: string };
}

/** One lead told in full, as `LeadSet.story` gives it. */
export interface LeadStory {
  result: ScoreResult;
  attributes: Record<string, AttributeValue>;
  /** Every event of the lead by time, with what scoring made of it and the rules it met. */
  events: Array<{
    index: number;
    id: string | null;
    type: string;
    at: string;
    props: Record<string, unknown>;
    status: "counted" | "duplicate" | "afterAsOf" | "unknownType";
    rules: string[];
  }>;
  /** Its standing as of each moment its events counted, then as of the as-of time. */
  moments: Array<{ at: string; fit: number; intent: number; total: number; mql: boolean }>;
  /** Each contribution, whole points: raw, after decay (before caps), awarded. */
  steps: Array<{ ruleId: string; group: "fit" | "intent"; raw: number; decayed: number; points: number }>;
}

/**
 * Leads read once and kept in this Wasm instance, for what-if work: ask where every lead stands
 * under one model after another. An edit of points, caps, floors, threshold, bands, grid or MQL
 * minimums is answered from the rule table without looking at an event; another as-of time
 * folds events already matched; another shape matches the resident leads again.
 */
export interface LeadSet {
  readonly size: number;
  /** Where every lead stands under `scorer`'s model as of `options.asOf` (default: now). */
  standings(scorer: Scorer, options?: ScoreOptions): Standings;
  /** As `standings`, matching the resident leads against the model afresh. */
  rescore(scorer: Scorer, options?: ScoreOptions): Standings;
  /**
   * From the newest rule table of the model's shape (at its as-of time); an `InputError` when
   * there is none yet.
   */
  reweigh(scorer: Scorer): Standings;
  /**
   * The rule table of `scorer`'s model as of `options.asOf` in bytes, for `LeadSet.reweighTable`
   * in another Wasm instance (a page's main thread, while a worker holds the leads).
   */
  ruleTable(scorer: Scorer, options?: ScoreOptions): Uint8Array;
  /** The warnings about the leads' input under `scorer`'s model, one entry per code. */
  warnings(scorer: Scorer, options?: ScoreOptions): LeadSetWarning[];
  /** Lead `index`'s full result, its events replayed (with `crossedAt`). */
  result(index: number, scorer: Scorer, options?: ScoreOptions): ScoreResult;
  /** Lead `index`'s result, events, score over time and waterfall. */
  story(index: number, scorer: Scorer, options?: ScoreOptions): LeadStory;
}
