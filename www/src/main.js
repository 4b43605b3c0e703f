// The what-if simulator page: a model (form and raw JSON, one source of truth), a set of leads
// (the examples, generated ones, or a CRM export), and what the edited model does to those leads
// compared with a baseline, plus calibration against known outcomes. Scoring happens in a worker
// (worker.js) with leadscore's browser build. This module starts the page: it says what a render
// draws, wires the panels, and loads the first model and leads. The parts:
//   page.js               the shared state, the status line, render()
//   scoring.js            the worker, and the run that scores the leads with both models
//     local-reweigh.js     an edit of weights reweighed on this thread from the worker's table
//   model-panel.js        the model: examples and files, form and raw JSON in step, problems
//     model-form.js        its form (decay-form.js for the decay, form-controls.js the controls)
//     json-editor.js       its raw JSON editor
//   lead-sources.js       the leads: examples, generated, a CSV export; the as-of time
//   leads-summary.js      what was loaded, its notes, a model that fits the leads better
//   impact-panel.js       the baseline, MQLs before and after, leads per band
//   changes-list.js       the leads that changed, each opening its explanation
//     lead-explanation.js  one lead before and after
//   calibration-view.js   conversion by band and score range, suggested thresholds
//   accounts-view.js      accounts by score and one opened, when the model has accounts
//   histogram.js          the score distribution, baseline against edited, bands and threshold
//   as-of-slider.js       the time-travel slider for the as-of time
//   grid-heatmap.js       leads (and conversion) per fit × intent cell
//   lead-table.js         every lead, sortable, filterable, a page at a time (lead-rows.js)
//     lead-story.js        one lead opened: score over time, waterfall, event timeline
//   url-state.js          the page's state in its URL (page-link.js), back and forward
//   on-screen.js          what an edit's frame draws: the parts in sight; the rest when idle
// and, without the DOM (tested in Node): impact.js, calibration.js, explain.js, paths.js,
// csv-leads.js, accounts.js, scorer-cache.js.
import { $, afterPaint, formatNumber, setHidden, setText } from "./dom.js";
import { EXAMPLES, announce, renderWith, setBusy, setStatus, state } from "./page.js";
import { client } from "./scoring.js";
import { renderModel, renderModelJson, useExample, wireModelPanel } from "./model-panel.js";
import { loadExampleLeads, renderAsOf, renderCsvColumns, wireLeadSources } from "./lead-sources.js";
import { renderLeadsSummary } from "./leads-summary.js";
import {
  impactSentence,
  renderBandChart,
  renderBaselineButtons,
  renderImpact,
  showOnScreen,
  wireImpactPanel,
} from "./impact-panel.js";
import { wireChangesList } from "./changes-list.js";
import { renderCalibration, wireCalibration } from "./calibration-view.js";
import { renderAccounts, showAccountsPanel, wireAccounts } from "./accounts-view.js";
import { renderCrossings, renderLeadTable, wireLeadTable } from "./lead-table.js";
import { renderAsOfSlider, wireAsOfSlider } from "./as-of-slider.js";
import { renderLeadStory, wireLeadStory } from "./lead-story.js";
import { applyUrl, syncUrl, wireUrlState } from "./url-state.js";
import { renderGridHeatmap } from "./grid-heatmap.js";
import { drawPending, drawnOnScreen, drawnWhenIdle } from "./on-screen.js";
import "./style.css";

/**
 * Everything on screen, from the state, in three steps: first what an edit changes where the
 * user looks (the scores, MQL count, bands, and the distribution, the table's page and the
 * changed leads while they are in sight: on-screen.js); once that frame is painted, the edit's
 * time on screen (and the status line, for an edit answered on the page), and in the next idle
 * time the charts beside the numbers (the band chart, the grid heatmap; the accounts view, which scores
 * once edits settle), so that the edit's frame holds none of their work; then, once edits pause,
 * what a burst of edits need not redraw each time (the URL, the raw JSON after a form edit,
 * calibration, when the table's leads crossed the line). `data-renders` on the body counts
 * renders finished, all three steps.
 */
function render() {
  renderModel();
  renderAsOf();
  renderAsOfSlider();
  renderLeadsSummary();
  renderImpact();
  drawLeadTable();
  renderLeadStory();
  renderCsvColumns();
  renderBaselineButtons();
  showAccountsPanel();
  renderStatus();
  // Which scores the page shows: panels drawn later (calibration) say which they were drawn for.
  document.body.dataset.scoresVersion = String(state.scoresVersion);
  clearTimeout(still);
  if (!later) {
    later = true;
    afterPaint(renderLater);
  }
}

let later = false;
let still = null;
let saying = null;

/** How long edits pause before the third step of a render runs. */
const STILL_MS = 150;
/**
 * How much longer before a screen reader is told the outcome (the MQLs and leads changed): once
 * per pause in editing, not at every step of a number held down or typed.
 */
const SAY_MS = 600;

/**
 * The second step of a render: after the frame, the edit's time (taken first, in the task right
 * after the paint); then, in a task of its own behind those the frame queued, the figure and the
 * status line written and what sits beside.
 */
function renderLater() {
  later = false;
  // The first drawing of new scores: the edit's time on screen, from its input to painted.
  const first = state.scores && state.scores.onScreen === undefined ? state.scores : null;
  if (first) first.onScreen = performance.now() - first.edited;
  setTimeout(() => {
    if (first && first === state.scores) {
      showOnScreen(first.onScreen);
      if (first.here) renderStatus();
    }
    drawBeside();
    clearTimeout(still);
    still = setTimeout(renderStill, STILL_MS);
  }, 0);
}

/** The charts beside the numbers (their numbers are in the band table and the cards). */
const drawBeside = drawnWhenIdle(() => {
  renderBandChart();
  renderGridHeatmap();
  // Whether the accounts panel shows (its scoring waits for edits to settle on its own).
  renderAccounts();
});

/** The lead table's page, in the edit's frame while the table is in sight. */
const drawLeadTable = drawnOnScreen([$("#leads-table-panel")], renderLeadTable);

/**
 * The third step, once edits pause: the URL and the raw JSON first, then the slower views; the
 * render is finished when calibration (worked out in a worker) is drawn.
 */
async function renderStill() {
  clearTimeout(saying);
  saying = setTimeout(() => announce(impactSentence()), SAY_MS);
  drawPending();
  syncUrl();
  renderModelJson();
  renderCrossings();
  await renderCalibration();
  document.body.dataset.renders = String(Number(document.body.dataset.renders ?? 0) + 1);
}

/** The status line, and the banner for a page that cannot score at all. */
function renderStatus() {
  const fatal = $("#fatal");
  const fine = !(state.failure && !state.scores);
  setHidden(fatal, fine);
  setText(
    fatal,
    fine
      ? ""
      : `The simulator cannot score: ${state.failure}. Reload the page; if it persists, rebuild it (node www/build.mjs) and check that leadscore_bg.wasm is served beside worker.js.`,
  );
  if (state.failure && !state.scores) {
    setStatus(`Something went wrong: ${state.failure}`);
    document.body.dataset.state = "error";
  } else if (state.scores) {
    const n = state.scores.before.totals.length;
    // An edit answered on the page says so once its frame is painted (renderLater): the line's
    // new figure would lay out and paint the header in that frame; the cards hold the numbers.
    const answeredHere = state.scores.here && state.scores.onScreen === undefined;
    // Not said to screen readers: every edit changes it; its outcome is said once edits pause.
    if (!answeredHere)
      setStatus(
        state.problems.length > 0 || state.jsonError
          ? "The model has problems: showing the last valid results."
          : `Scored ${formatNumber(n)} leads as of ${state.asOf} in ${Math.round(state.scores.roundTrip)} ms.`,
        { say: false },
      );
    setBusy(null);
  } else if (state.leadsError) {
    setStatus(state.leadsError);
    setBusy(null);
  }
}

async function start() {
  renderWith(render);
  wireModelPanel();
  wireLeadSources();
  wireImpactPanel();
  wireChangesList();
  wireCalibration();
  wireAccounts();
  wireLeadTable();
  wireAsOfSlider();
  wireLeadStory();
  wireUrlState();
  try {
    await client.ready;
  } catch (error) {
    state.failure = `the scoring engine did not load (${error.message})`;
    render();
    return;
  }
  if (await applyUrl()) return;
  useExample(EXAMPLES[0].key);
  await loadExampleLeads();
}

start();
