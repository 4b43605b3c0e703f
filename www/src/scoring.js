// Scoring: the worker that holds the leads and runs leadscore's browser build (worker.js), and
// the run that scores every lead with the baseline and with the edited model (an edit of
// weights on this thread, from the rule table the worker sent: local-reweigh.js). Runs never
// overlap, and edits made during one fold into a single next run. A problem in the model, a bad
// as-of time or a failure goes into the state for the panels to show; the last good scores stay.
import { startWorker, latestOnly } from "./worker-client.js";
import { formatNumber } from "./dom.js";
import { render, setBusy, state } from "./page.js";
import { keepTable, reweighHere, takesTables } from "./local-reweigh.js";

/** The scoring worker: `client.request(type, args)` answers a request (worker.js lists them). */
export const client = startWorker(new URL("./worker.js", import.meta.url));

const runs = latestOnly(scoreNow);

/**
 * `scoring.run()` scores again, now or as soon as the run in progress ends. Called while an
 * input event is handled, it notes the event's time: the edit's time on screen counts from it.
 */
export const scoring = {
  run() {
    editedAt ??= inputAt ?? performance.now();
    return runs.run();
  },
};

/**
 * The time stamp of the user's input being handled (set while its task runs), and of the first
 * edit the scores on screen do not answer yet (the time an edit's figure counts from).
 */
let inputAt = null;
let editedAt = null;
for (const type of ["input", "change", "click", "keydown"])
  document.addEventListener(
    type,
    (event) => {
      inputAt = event.timeStamp;
      setTimeout(() => (inputAt = null));
    },
    { capture: true },
  );

let soon = false;

/**
 * Scores again as soon as the task that asks is done, before the next frame (edits of one task
 * fold into one run; during a run, into the next).
 */
export function scoreSoon() {
  editedAt ??= inputAt ?? performance.now();
  if (soon) return;
  soon = true;
  queueMicrotask(() => {
    soon = false;
    scoring.run();
  });
}

async function scoreNow() {
  // The edits this run answers: its figure counts from the first of them.
  const edited = editedAt ?? performance.now();
  editedAt = null;
  if (!state.leadSet || state.jsonError) {
    render();
    return;
  }
  const current = JSON.stringify(state.model);
  const started = performance.now();
  try {
    // The baseline scores held are not scored or sent again (an edit rescores the edited model).
    const { scores } = state;
    const held = scores && {
      baseline: scores.baseline,
      asOf: scores.asOf,
      generation: scores.set.generation,
    };
    const { asOf } = state;
    const baseline = state.baseline.text;
    const { generation } = state.leadSet;
    // An edit of weights, with the baseline's scores held: answered here, in this frame.
    const here =
      held?.baseline === baseline &&
      held.asOf === asOf &&
      held.generation === generation &&
      reweighHere({ current, asOf, generation, previous: scores.after, before: scores.before });
    let value;
    if (here) value = { ...here, generation, before: null };
    else {
      setBusy(`Scoring ${formatNumber(state.leadSet.count)} leads…`);
      value = await client.request("score", {
        baseline,
        current,
        asOf,
        held,
        tableWanted: takesTables(state.leadSet.count),
      });
    }
    // Leads loaded since the request was sent: the worker scored those, which this page does
    // not know yet; the load's own run follows.
    if (value.generation !== state.leadSet.generation) return;
    if (value.table)
      keepTable(value.table).then(() => (document.body.dataset.reweighHere = "ready"));
    state.scores = {
      ...value,
      before: value.before ?? scores.before,
      baseline,
      asOf,
      roundTrip: performance.now() - started,
      here: Boolean(here),
      requested: started,
      edited,
      set: state.leadSet,
      model: current,
    };
    state.scoresVersion++;
    // The worker explains leads with the models on screen (told after the edit's frame).
    if (here) client.tell("follow", { baseline, current, asOf });
    state.problems = [];
    state.asOfError = null;
    state.failure = null;
  } catch (error) {
    if (error.name === "ModelError" && error.which === "baseline") {
      // The baseline never compiled (a file opened with mistakes): this version is the first
      // that does, so it becomes the baseline.
      state.baseline = { text: current, label: "the first valid version of the model" };
      scoring.run();
      return;
    }
    if (error.name === "ModelError")
      state.problems = error.errors?.length
        ? error.errors
        : [{ path: error.path ?? "", message: error.message }];
    else if (error.name === "InputError" && error.path === "asOf") state.asOfError = error.message;
    else state.failure = error.message;
  }
  render();
}
