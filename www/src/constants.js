// Values the page and its worker share.

/** The fixed moment the example and generated leads are scored as of (the generator's end). */
export const DEMO_AS_OF = "2026-11-20T17:00:00Z";

/** Outcome codes in a lead set's `outcomes` (a Uint8Array). */
export const OUTCOME_NO = 0;
export const OUTCOME_YES = 1;
export const OUTCOME_UNKNOWN = 2;
