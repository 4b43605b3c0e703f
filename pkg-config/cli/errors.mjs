// Exit codes and the two kinds of error a command ends with.

export const EXIT = Object.freeze({
  /** Every lead scored; the model is valid. */
  OK: 0,
  /** `validate` found problems, or `score` skipped bad input lines. */
  PROBLEMS: 1,
  /** A bad command line: unknown option, bad value, unreadable file. */
  USAGE: 2,
  /** `score` could not finish; what was written so far stays. */
  STOPPED: 3,
});

/** A mistake on the command line (exit 2). */
export class UsageError extends Error {
  name = "UsageError";
}

/** A run that cannot go on (exit 3). */
export class StopError extends Error {
  name = "StopError";
}
