// One lead opened from the table: its score over time (as of each moment its events counted,
// with the MQL threshold and the crossing marked), its contributions as a waterfall (raw points,
// the decay taken, the caps and floors taken, what was awarded), and its event timeline with the
// rules each event met. Built from the worker's answer to "story" (the engine's LeadSet.story
// for the edited model, its events replayed); asked again when the scores change.
import { $, h, fill, formatNumber, formatSigned } from "./dom.js";
import { state } from "./page.js";
import { client } from "./scoring.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 640;
const HEIGHT = 180;
const PAD = { left: 40, right: 12, top: 12, bottom: 24 };
const EVENTS_SHOWN = 200;
const STATUS_TEXT = {
  counted: "",
  duplicate: "duplicate id",
  afterAsOf: "after the as-of time",
  unknownType: "no rule listens",
};

const ui = { panel: $("#lead-story"), body: $("#lead-story-body"), close: $("#lead-story-close") };
let open = null; // { index, version }

function el(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The score over time as a step line, with the threshold and the crossing. */
function scoreOverTime(story, threshold) {
  const moments = story.moments;
  const times = moments.map((m) => Date.parse(m.at));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times, t0 + 1);
  const totals = moments.map((m) => m.total);
  const low = Math.min(0, ...totals, threshold ?? 0);
  const high = Math.max(1, ...totals, threshold ?? 0);
  const x = (t) => PAD.left + ((t - t0) / (t1 - t0)) * (WIDTH - PAD.left - PAD.right);
  const y = (v) => PAD.top + (1 - (v - low) / (high - low)) * (HEIGHT - PAD.top - PAD.bottom);
  const crossedAt = story.result.crossedAt;
  const svg = el("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: "story-chart",
    role: "img",
    "aria-label": `Score over time: ${moments.length} moments from ${moments[0]?.at} (${totals[0]}) to ${moments.at(-1)?.at} (${totals.at(-1)}); threshold ${threshold}; ${crossedAt ? `crossed on ${crossedAt}` : "never crossed"}.`,
  });
  for (const v of [low, threshold, high].filter(Number.isFinite))
    svg.append(
      el("text", { x: PAD.left - 6, y: y(v) + 4, class: "axis", "text-anchor": "end" }, String(v)),
    );
  let path = "";
  moments.forEach((m, i) => {
    const px = x(times[i]);
    path += i === 0 ? `M${px},${y(m.total)}` : `H${px}V${y(m.total)}`;
  });
  if (Number.isFinite(threshold))
    svg.append(
      el("line", {
        x1: PAD.left,
        x2: WIDTH - PAD.right,
        y1: y(threshold),
        y2: y(threshold),
        class: "threshold",
      }),
    );
  svg.append(el("path", { d: path, class: "score-line" }));
  if (crossedAt) {
    const at = Date.parse(crossedAt);
    const moment = moments.findIndex((m, i) => times[i] >= at);
    const v = moments[moment === -1 ? moments.length - 1 : moment].total;
    svg.append(
      el("circle", { cx: x(at), cy: y(v), r: 5, class: "crossing", "data-at": crossedAt }),
      el(
        "text",
        { x: x(at) + 8, y: y(v) - 8, class: "crossing-label" },
        `crossed ${crossedAt.slice(0, 10)}`,
      ),
    );
  }
  svg.append(
    el("text", { x: PAD.left, y: HEIGHT - 6, class: "axis" }, moments[0]?.at.slice(0, 10) ?? ""),
    el(
      "text",
      { x: WIDTH - PAD.right, y: HEIGHT - 6, class: "axis", "text-anchor": "end" },
      moments.at(-1)?.at.slice(0, 10) ?? "",
    ),
  );
  return svg;
}

/** Each contribution from raw to awarded, then what caps did to each group and the total. */
function waterfall(story) {
  const { result, steps } = story;
  const rows = [];
  let running = 0;
  for (const step of steps) {
    running += step.points;
    rows.push(
      h(
        "tr",
        { dataset: { rule: step.ruleId } },
        h(
          "th",
          { scope: "row" },
          h("code", {}, step.ruleId),
          " ",
          h("span", { class: "muted" }, step.group),
        ),
        h("td", { class: "num" }, formatSigned(step.raw)),
        h(
          "td",
          { class: "num" },
          step.raw === step.decayed ? "" : formatSigned(step.decayed - step.raw),
        ),
        h(
          "td",
          { class: "num" },
          step.decayed === step.points ? "" : formatSigned(step.points - step.decayed),
        ),
        h("td", { class: "num" }, h("strong", {}, formatSigned(step.points))),
        h("td", { class: "num" }, formatNumber(running)),
      ),
    );
  }
  const awarded = (group) =>
    steps.filter((s) => s.group === group).reduce((sum, s) => sum + s.points, 0);
  const groupCap = (group, kept) => {
    const taken = kept - awarded(group);
    return taken === 0
      ? null
      : h(
          "tr",
          { class: "cap" },
          h("th", { scope: "row" }, `${group} cap or floor`),
          h("td"),
          h("td"),
          h("td", { class: "num" }, formatSigned(taken)),
          h("td"),
          h("td"),
        );
  };
  const totalTaken = result.total - result.fit - result.intent;
  return h(
    "table",
    { class: "data compact waterfall" },
    h("caption", {}, "Contributions, from raw points to awarded"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Rule", "Raw", "Decay taken", "Cap taken", "Awarded", "Running"].map((label, i) =>
          h("th", { scope: "col", class: i ? "num" : null }, label),
        ),
      ),
    ),
    h(
      "tbody",
      {},
      rows,
      groupCap("fit", result.fit),
      groupCap("intent", result.intent),
      totalTaken === 0
        ? null
        : h(
            "tr",
            { class: "cap" },
            h("th", { scope: "row" }, "total cap or floor"),
            h("td"),
            h("td"),
            h("td", { class: "num" }, formatSigned(totalTaken)),
            h("td"),
            h("td"),
          ),
    ),
    h(
      "tfoot",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "row" }, "Total"),
        h("td"),
        h("td"),
        h("td"),
        h("td", { class: "num" }, formatNumber(result.total)),
        h("td"),
      ),
    ),
  );
}

function timeline(story) {
  const events = story.events.slice(-EVENTS_SHOWN).reverse();
  return h(
    "div",
    {},
    h(
      "h4",
      {},
      `Events (${formatNumber(story.events.length)}${story.events.length > EVENTS_SHOWN ? `, the last ${EVENTS_SHOWN}` : ""}), newest first`,
    ),
    h(
      "ol",
      { class: "timeline" },
      events.map((event) =>
        h(
          "li",
          { class: `event ${event.status}` },
          h("time", { datetime: event.at }, event.at.replace("T", " ").slice(0, 16)),
          " ",
          h("code", {}, event.type),
          event.rules.length ? h("span", { class: "rules" }, ` → ${event.rules.join(", ")}`) : null,
          STATUS_TEXT[event.status]
            ? h("span", { class: "muted" }, ` (${STATUS_TEXT[event.status]})`)
            : null,
        ),
      ),
    ),
  );
}

async function show(index) {
  const version = state.scoresVersion;
  open = { index, version };
  ui.panel.hidden = false;
  try {
    const story = await client.request("story", { index });
    if (open?.index !== index || open.version !== version) return;
    const set = state.scores.set;
    const { result } = story;
    fill(
      ui.body,
      h(
        "p",
        { class: "summary-line", id: "lead-story-summary" },
        h("code", {}, set.ids[index]),
        " ",
        h("strong", {}, set.names[index]),
        set.companies?.[index] ? ` · ${set.companies[index]}` : "",
        ` · total ${result.total} (fit ${result.fit}, intent ${result.intent}) · ${result.band ?? "no band"} · ${result.mql ? "MQL" : "not an MQL"}`,
      ),
      h("h4", {}, "Score over time"),
      scoreOverTime(story, JSON.parse(state.scores.model)?.mql?.threshold),
      h("div", { class: "story-grid" }, waterfall(story), timeline(story)),
    );
    ui.panel.dataset.index = String(index);
  } catch (error) {
    fill(ui.body, h("p", { class: "field-error" }, `Could not open this lead: ${error.message}`));
  }
}

/**
 * Opens lead `index` (its panel, scrolled into view), focus on its Close button, which the lead's
 * summary line describes: what a screen reader says as the panel opens. The panel is not a live
 * region, so that edits, which draw it again, are not read out in full each time.
 */
export async function openLead(index) {
  await show(index);
  ui.panel.scrollIntoView({ block: "nearest" });
  ui.close.focus();
}

/** Tells the open lead again when the scores changed. */
export function renderLeadStory() {
  if (open && open.version !== state.scoresVersion && state.scores) show(open.index);
}

export function wireLeadStory() {
  ui.close.addEventListener("click", () => {
    open = null;
    ui.panel.hidden = true;
    delete ui.panel.dataset.index;
  });
}
