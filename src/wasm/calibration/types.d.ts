/** Which leads a figure comes from. */
export type Part = "all" | "train" | "holdout";

/** Whether a lead's MQL decision depends on the threshold: hand-raisers are MQLs whatever their score, blocked leads never. */
export type Gate = "scored" | "instant" | "blocked";

export interface CalibrationAddOptions {
  /** The decision time of every lead without its own in `decidedAt` (default: now). */
  asOf?: Instant;
  /** Each lead's decision time (null: `asOf`): it is scored as of then, later events unseen. */
  decidedAt?: Array<Instant | null>;
}

export interface CalibrationRunOptions extends ThresholdAdviceOptions {
  /** Seeds the random split and the cross-validation folds (default 0). */
  seed?: number;
  /** A random split: the share held out (default 0.3). */
  holdoutShare?: number;
  /** A split by time: leads decided from this moment on are held out. */
  holdoutFrom?: Instant;
  /** Cross-validation folds (default 5). */
  folds?: number;
  /** Cross-validation chooses the penalty on at most this many training leads (default 20,000). */
  maxCvLeads?: number;
}

export interface ThresholdAdviceOptions {
  /** Width of the fixed score ranges (default 10). */
  rangeWidth?: number;
  /** Fewer MQLs than this are too few to judge a threshold or a band by (default 30). */
  minMqls?: number;
  /** A conversion rate to reach: the threshold from which every range converts at it or better. */
  targetRate?: number;
  /** An MQL volume to aim for, as a number of MQLs... */
  targetMqls?: number;
  /** ...or as a share of the leads. */
  targetMqlShare?: number;
}

/** Leads and conversions, the rate and its 95% Wilson interval (null without leads). */
export interface Tally {
  leads: number;
  converted: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}

export interface ConversionRow extends Tally {
  label: string;
  /** The range of scores, inclusive; null for an open end. */
  from: number | null;
  to: number | null;
  /** The conversion of every lead in this row and above. */
  rateAtOrAbove: number | null;
}

export interface ConversionTable {
  rows: ConversionRow[];
  /** No clear dip: conversion rises (or holds) with the score. */
  rises: boolean;
  /** Falls from one row to the next; `clear` when the intervals do not overlap. */
  dips: Array<{ from: string; to: string; clear: boolean }>;
}

export interface Auc {
  auc: number;
  /** DeLong's 95% interval; null with fewer than two leads in a class. */
  low: number | null;
  high: number | null;
}

/** What a threshold does: MQLs, their conversion (precision, the MQL-to-SQL stand-in) and the share of conversions they hold (recall). */
export interface ThresholdPoint {
  threshold: number;
  mqls: number;
  mqlShare: number | null;
  converted: number;
  precision: number | null;
  precisionLow: number | null;
  precisionHigh: number | null;
  recall: number | null;
  f1: number | null;
}

export interface ThresholdChoice extends ThresholdPoint {
  /** What the choice does, in a sentence. */
  says: string;
}

export interface ThresholdAdvice {
  part: Part;
  current: ThresholdChoice;
  /** The thresholds keeping MQL-to-SQL within the healthy band, as runs of neighbours. */
  healthy: { low: number; high: number; runs: Array<{ from: ThresholdPoint; to: ThresholdPoint }>; says: string };
  forVolume: ThresholdChoice | null;
  forRate: ThresholdChoice | null;
  bestF1: ThresholdChoice | null;
}

export interface Separation {
  part: Part;
  leads: Tally;
  /** Ranked with hand-raisers first and blocked leads last. */
  auc: Auc | null;
  topDecileLift: number | null;
  atThreshold: ThresholdPoint;
}

/** One table of scores against outcomes (what `checkScores` returns). */
export interface ScoreCheck {
  part: Part;
  byBand: ConversionTable | null;
  byDecile: ConversionTable;
  byRange: ConversionTable;
  rangeWidth: number;
  /** Leads that can never be MQLs, left out of the tables. */
  blocked: Tally;
  separation: Separation;
  advice: ThresholdAdvice;
}

export type SignalFlag = "neverFires" | "positiveButConvertsLess" | "negativeButConvertsMore" | "likelyLeak" | "hurtsSeparation";

export interface SignalPower {
  ruleId: string;
  label?: string;
  group: "fit" | "intent";
  /** The attribute a fit rule reads. */
  attribute?: string;
  points: number;
  disqualify: boolean;
  instant: boolean;
  fired: Tally;
  notFired: Tally;
  lift: number | null;
  /** The AUC with this rule's points at 0 (null for a disqualifier). */
  aucWithout: number | null;
  flags: SignalFlag[];
}

export interface FittedRule {
  ruleId: string;
  group: "fit" | "intent";
  before: number;
  after: number;
  /** Log odds per unit of the rule's feature; null when not fitted. */
  coefficient: number | null;
}

export interface CalibrationFlag {
  code:
    | "mqlToSqlLow"
    | "mqlToSqlHigh"
    | "bandTooSmall"
    | "conversionDips"
    | "ruleHurtsSeparation"
    | "ruleLikelyLeak"
    | "ruleWrongDirection"
    | "ruleNeverFires"
    | "fittedNotBetter";
  part: Part;
  subject?: string;
  message: string;
}

export interface CalibrationReport {
  model: string | null;
  threshold: number;
  leads: { all: Tally; train: Tally; holdout: Tally };
  split: { method: "random" | "time"; seed: number; holdoutShare?: number; holdoutFrom?: string; folds: number };
  /** The model as it is, on every lead, with each rule's power. */
  original: ScoreCheck & { signals: SignalPower[] };
  /** Points fitted on the training part. */
  fitted: {
    part: Part;
    lambda: number;
    crossValidation: Array<{ lambda: number; logLoss: number }>;
    cvLeads: number;
    intercept: number;
    pointsPerLogOdds: number;
    rules: FittedRule[];
    /** The suggested threshold. */
    threshold: ThresholdChoice;
    /** Caps and floors moved so that they do not tie the fitted scores. */
    bounds: Array<{ path: string; before: number | null; after: number | null; says: string }>;
    capped: number;
    /** The complete fitted model. */
    model: Model;
  };
  /** The original and the fitted model on the holdout. */
  comparison: {
    part: Part;
    original: Separation;
    fitted: Separation;
    fittedAtOriginalVolume: ThresholdPoint;
    says: string;
  };
  flags: CalibrationFlag[];
}

/** The table the regression fits: each lead's part, gate and one feature per rule. */
export interface FeatureTable {
  rules: string[];
  leads: Array<{ id: string; converted: boolean; part: "train" | "holdout"; gate: Gate; features: number[] }>;
}

/** A lead's outcome: converted or not, and optionally when its MQL decision was (or would have been) made. */
export type KnownOutcome = boolean | { converted: boolean; decidedAt?: Instant };

/** Calibration methods (declared here for precise types). */
export interface Calibration {
  /** Sets the outcomes, by lead id, that `add` looks leads up in when no outcomes come beside a batch. */
  setOutcomes(outcomes: Record<string, KnownOutcome>): void;
  /**
   * Adds leads (an array or JSON text), each with its outcome: `outcomes[i]` (null: none), or
   * else the one set for its id. Leads without an outcome are skipped and listed in `skipped`.
   * Returns how many leads the calibration holds.
   */
  add(leads: Lead[] | string, outcomes?: Array<boolean | 0 | 1 | null> | Uint8Array | null, options?: CalibrationAddOptions): number;
  /** Runs the calibration; the report is also kept for `render`. */
  run(options?: CalibrationRunOptions): CalibrationReport;
  /** The last report as aligned text or Markdown. */
  render(format: "text" | "markdown"): string;
  /** Each lead's outcome, part, gate and feature row, for the split in `options`. */
  features(options?: CalibrationRunOptions): FeatureTable;
}

/** A table of scores: one total and outcome per lead; gates (0 scored, 1 hand-raiser, 2 blocked), or else MQL flags to read them from. */
export interface ScoreTable {
  totals: ArrayLike<number>;
  outcomes: ArrayLike<number | boolean>;
  gates?: ArrayLike<number>;
  mql?: ArrayLike<number | boolean>;
}

export interface CheckScoresOptions extends ThresholdAdviceOptions {
  /** The model's MQL threshold. */
  threshold: number;
  /** The model's bands, lowest first. */
  bands?: Array<{ name: string; min?: number }>;
}

/** Conversion by band, decile and score range, separation and threshold advice for scores you already have. */
export function checkScores(table: ScoreTable, options: CheckScoresOptions): ScoreCheck;
