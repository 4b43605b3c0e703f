// The accounts view, when the edited model has an accounts section: the page's leads grouped
// into accounts and scored by the core (`AccountScorer.scoreAccounts`, run in its own instance
// of the full-build worker with the page's as-of time), a table of accounts by score (sortable),
// and one account opened: its contacts with their scores, roles and engagement, the roles
// covered and missing with their plays, the signals that hold, and when it crossed. It follows
// edits of the model and the as-of time a moment after they settle, so neither the scoring nor
// the calibration answers wait for it. The leads come from the scoring worker once per set of
// leads (their text, or the generator's options). The full build (its .wasm is large) is
// fetched the first time the panel comes into view.
import { compareBy, hasAccounts } from "./accounts.js";
import { drawAccountDetail } from "./account-detail.js";
import { $, fill, formatNumber, h, setHidden } from "./dom.js";
import { state } from "./page.js";
import { client } from "./scoring.js";
import { fullWorker } from "./full-worker-client.js";
import { latestOnly } from "./worker-client.js";

/** How many accounts the table shows at first, and how many more "Show more" adds. */
const ROWS = 50;
const COLUMNS = [
  ["accountId", "Account", "asc"],
  ["total", "Total", "desc"],
  ["fit", "Fit", "desc"],
  ["intent", "Intent", "desc"],
  ["band", "Band", "asc"],
  ["mqa", "MQA", "desc"],
  ["engaged", "Engaged", "desc"],
  ["covered", "Roles covered", "desc"],
  ["missing", "Roles missing", "asc"],
];

const view = {
  /** What the shown accounts are for: model text, as-of time, leads' generation. */
  key: null,
  /** The generation of leads the full-build worker holds. */
  leadsGeneration: null,
  answer: null, // the worker's last answer (accountsSummary plus generation and ms)
  error: null,
  sort: { key: "total", direction: "desc" },
  shown: ROWS,
  open: null, // the account id opened
  opened: null, // its full result
  /** Whether the panel has been in view (until then the full build is not fetched for it). */
  seen: false,
};

let watching = false;
/** Marks the panel seen the first time it comes near the viewport, and draws it then. */
function watchPanel(panel) {
  if (watching) return;
  watching = true;
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      view.seen = true;
      renderAccounts();
    },
    { rootMargin: "200px" },
  );
  observer.observe(panel);
}

/** What the accounts are wanted for now, or null when the view has nothing to show. */
function wanted() {
  if (!hasAccounts(state.model) || !state.leadSet || state.jsonError || state.problems.length > 0)
    return null;
  return {
    model: JSON.stringify(state.model),
    asOf: state.asOf,
    generation: state.leadSet.generation,
  };
}

const keyOf = (want) => `${want.generation}\n${want.asOf}\n${want.model}`;

const refresh = latestOnly(async () => {
  const want = wanted();
  if (!want || keyOf(want) === view.key) return;
  const worker = fullWorker("accounts");
  try {
    await worker.ready;
    if (view.leadsGeneration !== want.generation) {
      const leads = await client.request("leadsSource");
      if (leads.generation !== want.generation) return; // newer leads: their render follows
      await worker.request("leads", leads);
      view.leadsGeneration = leads.generation;
    }
    const answer = await worker.request("accounts", want);
    view.answer = answer;
    view.error = null;
    view.key = keyOf(want);
    if (view.open !== null) await openAccount(view.open, { quiet: true });
  } catch (error) {
    view.error = error.message;
    view.key = keyOf(want);
  }
  // Edits made meanwhile: the next run picks them up.
  if (keyOf(wanted() ?? want) !== view.key) refreshSoon();
  draw();
});

let waiting = null;
/**
 * Scores the accounts again once edits have settled: 250 ms after the last, or as long as the
 * last accounts scoring took, so a run of edits on many leads is not slowed by one each.
 */
function refreshSoon() {
  clearTimeout(waiting);
  waiting = setTimeout(() => refresh.run(), Math.max(250, view.answer?.ms ?? 0));
}

/**
 * Shows the panel when the model has accounts, else hides it: in the edit's frame, so that the
 * page below does not move when the view itself is drawn later (`renderAccounts`, in idle time).
 */
export function showAccountsPanel() {
  const panel = $("#accounts");
  setHidden(panel, !hasAccounts(state.model));
  return panel;
}

/** Draws the view from the last answer; asks for new accounts when the model, time or leads moved. */
export function renderAccounts() {
  const panel = showAccountsPanel();
  if (panel.hidden) return;
  if (!view.seen) {
    watchPanel(panel);
    fill($("#accounts-summary"), "The accounts are scored when this panel comes into view.");
    return;
  }
  const want = wanted();
  if (want && keyOf(want) !== view.key) {
    panel.dataset.state = "busy";
    refreshSoon();
  }
  draw();
}

let drawn = {};

/** Draws the view from the last answer, when anything it shows has changed since it was drawn. */
function draw() {
  const panel = $("#accounts");
  const { answer } = view;
  const current = answer && answer.generation === state.leadSet?.generation;
  if (view.key !== null && wanted() && keyOf(wanted()) === view.key) panel.dataset.state = "ready";
  const showing = {
    answer: current ? answer : null,
    error: view.error,
    sort: `${view.sort.key} ${view.sort.direction}`,
    shown: view.shown,
    open: view.open,
    opened: view.opened,
  };
  if (Object.keys(showing).every((name) => showing[name] === drawn[name])) return;
  drawn = showing;
  fill($("#accounts-summary"), summaryLine(showing.answer));
  drawTable(showing.answer ? answer.rows : []);
  drawAccountDetail(view.open === null ? null : view.opened, answer?.threshold);
}

function summaryLine(answer) {
  if (view.error) return `The accounts could not be scored: ${view.error}`;
  if (!answer) return "Scoring the leads into accounts…";
  const ungrouped = Object.entries(answer.ungrouped);
  const apart = ungrouped.reduce((sum, [, n]) => sum + n, 0);
  return [
    h("strong", { id: "accounts-count" }, formatNumber(answer.rows.length)),
    ` accounts of ${formatNumber(answer.contacts)} contacts, `,
    h("strong", { id: "mqa-count" }, formatNumber(answer.mqas)),
    ` MQA${answer.mqas === 1 ? "" : "s"} as of ${answer.asOf}`,
    apart > 0
      ? `; ${formatNumber(apart)} leads in no account (${ungrouped.map(([reason, n]) => `${formatNumber(n)} ${REASONS[reason] ?? reason}`).join(", ")})`
      : "",
    `. Scored in ${Math.round(answer.ms)} ms.`,
  ];
}

const REASONS = { freeMail: "free mail", noEmail: "no email", notAnEmail: "not an email" };

function drawTable(rows) {
  const table = $("#accounts-table");
  const sorted = [...rows].sort(compareBy(view.sort.key, view.sort.direction));
  const head = h(
    "tr",
    {},
    COLUMNS.map(([key, label, first]) => {
      const active = view.sort.key === key;
      return h(
        "th",
        {
          scope: "col",
          class: ["accountId", "band", "covered", "missing"].includes(key) ? null : "num",
          "aria-sort": active ? (view.sort.direction === "asc" ? "ascending" : "descending") : null,
        },
        h(
          "button",
          {
            type: "button",
            class: "sort",
            dataset: { sort: key },
            onclick: () => {
              view.sort = active
                ? { key, direction: view.sort.direction === "asc" ? "desc" : "asc" }
                : { key, direction: first };
              draw();
            },
          },
          label,
          active ? (view.sort.direction === "asc" ? " ▲" : " ▼") : "",
        ),
      );
    }),
  );
  fill(
    table,
    h("caption", { class: "visually-hidden" }, "Accounts by score"),
    h("thead", {}, head),
    h("tbody", {}, sorted.slice(0, view.shown).map(accountTableRow)),
  );
  const more = $("#accounts-more");
  more.hidden = sorted.length <= view.shown;
  more.textContent = `Show more (${formatNumber(sorted.length - Math.min(view.shown, sorted.length))} left)`;
}

function accountTableRow(row) {
  return h(
    "tr",
    { class: row.accountId === view.open ? "open" : null, dataset: { account: row.accountId } },
    h(
      "th",
      { scope: "row" },
      h(
        "button",
        { type: "button", class: "link", onclick: () => openAccount(row.accountId) },
        row.accountId,
      ),
      row.keyedBy === "domain" ? h("span", { class: "hint" }, "by email domain") : "",
    ),
    h("td", { class: "num" }, formatNumber(row.total)),
    h("td", { class: "num" }, formatNumber(row.fit)),
    h("td", { class: "num" }, formatNumber(row.intent)),
    h("td", {}, row.band ?? "–"),
    h(
      "td",
      { class: "num mqa", title: row.why },
      row.mqa ? h("strong", {}, "yes") : "no",
      h("span", { class: "hint" }, row.why),
    ),
    h("td", { class: "num" }, `${formatNumber(row.engaged)} of ${formatNumber(row.contacts)}`),
    h("td", {}, row.covered.join(", ") || "–"),
    h(
      "td",
      { class: "missing-roles" },
      row.missing.length === 0
        ? "–"
        : row.missing.map((role, i) => [
            i > 0 ? ", " : "",
            role.required ? h("strong", { title: "required" }, role.name) : role.name,
          ]),
    ),
  );
}

/**
 * Opens one account: its full result from the worker's last scoring. Opened by the user (not
 * `quiet`), the focus goes to its Close button, which the account's standing line describes: what
 * a screen reader says as it opens. The detail is not a live region, so that the rescoring after
 * each edit does not read it out again.
 */
async function openAccount(accountId, { quiet = false } = {}) {
  view.open = accountId;
  try {
    view.opened = await fullWorker("accounts").request("account", { accountId });
  } catch (error) {
    // Gone with the last edit (its leads moved to other accounts): closed.
    view.open = null;
    view.opened = null;
  }
  if (quiet) return;
  draw();
  if (view.opened) $("#account-close").focus();
}

export function wireAccounts() {
  $("#accounts-more").addEventListener("click", () => {
    view.shown += ROWS;
    draw();
  });
  $("#account-close").addEventListener("click", () => {
    view.open = null;
    view.opened = null;
    draw();
  });
}
