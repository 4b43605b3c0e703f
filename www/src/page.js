// The page's shared state (the model being edited and its baseline, the loaded leads, the last
// scores, what the user has open), the example models it offers, the status line, and
// `render()`, which draws every panel from the state. main.js, which knows the panels, says what
// drawing is; the panels and the scoring run only ask for it.
import b2bModel from "../../examples/models/b2b-default.json";
import xEducationModel from "../../examples/models/x-education.json";
import { $, setAttr, setText } from "./dom.js";
import { DEMO_AS_OF } from "./constants.js";

/** The example models: offered in the model panel, and suggested when leads do not fit a model. */
export const EXAMPLES = [
  { key: "b2b-default", label: "B2B default", model: b2bModel },
  { key: "x-education", label: "X Education (fit only)", model: xEducationModel },
];

/** How many leads the changes list shows at first, and how many more "Show more" adds. */
export const PAGE = 50;

export const state = {
  /** The model being edited: the last raw JSON that parsed (not always an object). */
  model: null,
  /** Why the raw JSON does not parse, `{ message, offset, line, column }`, or null. */
  jsonError: null,
  /** What the edited model is compared with: its JSON text, and how it became the baseline. */
  baseline: { text: "", label: "" },
  /** The edited model's problems, `{ path, message }`, from the engine's ModelError. */
  problems: [],
  /** The loaded leads as the worker describes them (ids, names, counts, outcomes), or null. */
  leadSet: null,
  /** The CSV last read: its headers, the columns that can be outcomes, the columns chosen. */
  csv: null,
  /** Why the last leads could not be loaded, or null. */
  leadsError: null,
  /** The time the leads are scored as of, and the engine's word on it when it is not a time. */
  asOf: DEMO_AS_OF,
  asOfError: null,
  /** The as-of time a link asks for, until the leads it loads arrive; or null. */
  linkAsOf: null,
  /** The last scores: both score tables, the lead set and the model they are for, timings. */
  scores: null,
  /** Counts the scores, so that an explanation asked for older scores is dropped. */
  scoresVersion: 0,
  /** Why scoring failed, when it is not the model's or the time's fault; or null. */
  failure: null,
  /** The changes list: the kind of change it shows, how many rows, the leads opened. */
  filter: "changes",
  shown: PAGE,
  open: new Set(),
};

export const isObject = (value) =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const status = $("#status");
const announcer = $("#announcer");

/**
 * Writes the status line (its whole text in its title too: the line shows one line of it), and
 * says it to screen readers unless `say` is false (an edit's figures, said once edits pause).
 */
export function setStatus(text, { say = true } = {}) {
  clearTimeout(busySaid);
  setText(status, text);
  setAttr(status, "title", text);
  if (say) announce(text);
}

/**
 * Says `text` to screen readers (the page's one polite live region), also when it is what was
 * said last: a no-break space at its end alternates, so that the region's text changes.
 */
export function announce(text) {
  const said = announcer.textContent;
  setText(announcer, said === text ? `${text}\u00a0` : text);
}

/** How long the page is busy before the status line says why (an edit answered sooner says nothing). */
const BUSY_SAY_MS = 300;
let busySaid = null;

/**
 * Marks the page busy, saying `text` on the status line if it still is after BUSY_SAY_MS; `null`
 * marks it ready (or failed).
 */
export function setBusy(text) {
  document.body.dataset.state = text ? "busy" : state.failure ? "error" : "ready";
  clearTimeout(busySaid);
  if (text) busySaid = setTimeout(() => setStatus(text), BUSY_SAY_MS);
}

let draw = () => {};

/** Draws every panel from the state. */
export function render() {
  draw();
}

/** Says what `render()` draws (main.js, once). */
export function renderWith(drawPage) {
  draw = drawPage;
}
