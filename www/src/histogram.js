// The score distribution: how many leads score in each range, baseline beside edited, over the
// edited model's bands (coloured behind the bars) with its MQL threshold as a line (and the
// baseline's, dashed, when it differs). Drawn as SVG from the two score tables; the counts are
// also in the chart's accessible label. `histogramBins` is pure (tested in Node).
import { formatNumber, setText } from "./dom.js";
import { perTable } from "./impact.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 44, right: 12, top: 14, bottom: 30 };
const BAND_COLORS = ["#dcfce7", "#fef9c3", "#ffedd5", "#fee2e2", "#e0e7ff", "#f3e8ff"];
const COLORS = { before: "#9ca3af", after: "#4338ca", threshold: "#b91c1c" };

/**
 * Bins of `width` points covering every total of both tables (and `marks`, such as thresholds):
 * `{ start, width, before: number[], after: number[] }`, bin `i` holding scores in
 * `[start + i * width, start + (i + 1) * width)`.
 */
export function histogramBins(before, after, marks = [], width = 10) {
  let low = Infinity;
  let high = -Infinity;
  for (const table of [before, after]) {
    // Worked out per column of totals, which tables with the same points share.
    const range = perTable(table.totals, "range", () => {
      const { totals } = table;
      let [least, most] = [Infinity, -Infinity];
      for (let i = 0; i < totals.length; i++) {
        if (totals[i] < least) least = totals[i];
        if (totals[i] > most) most = totals[i];
      }
      return [least, most];
    });
    low = Math.min(low, range[0]);
    high = Math.max(high, range[1]);
  }
  for (const mark of marks)
    if (Number.isFinite(mark)) {
      low = Math.min(low, mark);
      high = Math.max(high, mark);
    }
  if (!Number.isFinite(low)) return { start: 0, width, before: [], after: [] };
  const start = Math.floor(low / width) * width;
  const count = Math.floor((high - start) / width) + 1;
  const tally = (table) =>
    perTable(table.totals, `bins ${start} ${width} ${count}`, () => {
      const bins = new Array(count).fill(0);
      const { totals } = table;
      for (let i = 0; i < totals.length; i++) bins[Math.floor((totals[i] - start) / width)]++;
      return bins;
    });
  return { start, width, before: tally(before), after: tally(after) };
}

/** An SVG element to draw: its name, attributes, and text or child elements. */
const el = (name, attributes, text, children = []) => ({ name, attributes, text, children });

/**
 * Makes `parent`'s child elements those `wanted` describes (`el`), reusing the elements already
 * there: a redraw sets only the attributes and text that changed, so an edit restyles and
 * repaints the bars that moved, not the whole chart.
 */
function patch(parent, wanted) {
  const nodes = parent.children;
  wanted.forEach((want, i) => {
    let node = nodes[i];
    if (node?.localName !== want.name) {
      const fresh = document.createElementNS(SVG, want.name);
      if (node) parent.replaceChild(fresh, node);
      else parent.append(fresh);
      node = fresh;
    }
    setAttributes(node, want.attributes);
    if (want.text === undefined) patch(node, want.children);
    else setText(node, want.text); // a label's text node kept, its data changed
  });
  while (nodes.length > wanted.length) parent.lastElementChild.remove();
}

/** Gives `node` exactly `attributes`, writing only those that differ. */
function setAttributes(node, attributes) {
  let count = 0;
  for (const name in attributes) {
    const value = String(attributes[name]);
    if (node.getAttribute(name) !== value) node.setAttribute(name, value);
    count++;
  }
  // Every one wanted is set: any more are left from another element's.
  if (node.attributes.length > count)
    for (const { name } of [...node.attributes])
      if (!Object.hasOwn(attributes, name)) node.removeAttribute(name);
}

/** The model's bands as score ranges, lowest first: `[{ name, min, max }]`. */
function bandRanges(model) {
  const bands = (Array.isArray(model?.bands) ? model.bands : [])
    .map((band) => ({
      name: String(band?.name ?? ""),
      min: Number.isFinite(band?.min) ? band.min : -Infinity,
    }))
    .sort((a, b) => a.min - b.min);
  return bands.map((band, i) => ({ ...band, max: bands[i + 1]?.min ?? Infinity }));
}

/**
 * Draws the distribution into `container` (an element holding one SVG, updated in place):
 * `{ before, after, model, baselineModel }`, the tables as the worker sends them.
 */
export function renderHistogram(container, { before, after, model, baselineModel }) {
  const threshold = model?.mql?.threshold;
  const baselineThreshold = baselineModel?.mql?.threshold;
  const bins = histogramBins(before, after, [threshold, baselineThreshold]);
  const n = bins.after.length;
  const root = {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: "histogram",
    role: "img",
    "aria-label": `Leads per ${bins.width}-point score range, baseline then edited: ${bins.after
      .map(
        (count, i) =>
          `${bins.start + i * bins.width} to ${bins.start + (i + 1) * bins.width - 1}: ${bins.before[i]} then ${count}`,
      )
      .join("; ")}. MQL threshold ${threshold ?? "none"}.`,
  };
  const parts = [];
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const top = Math.max(1, ...bins.before, ...bins.after);
  const x = (score) => PAD.left + ((score - bins.start) / (n * bins.width || 1)) * plotWidth;
  const y = (count) => PAD.top + plotHeight - (count / top) * plotHeight;
  const clampX = (score) => Math.min(Math.max(x(score), PAD.left), PAD.left + plotWidth);

  bandRanges(model).forEach((band, i) => {
    const left = clampX(band.min);
    const right = clampX(band.max);
    if (right - left < 1) return;
    parts.push(
      el("g", { class: "band", "data-band": band.name }, undefined, [
        el("rect", {
          x: left,
          y: PAD.top,
          width: right - left,
          height: plotHeight,
          fill: BAND_COLORS[i % BAND_COLORS.length],
        }),
        el("text", { x: left + 4, y: PAD.top + 11, class: "band-label" }, band.name),
      ]),
    );
  });

  for (const tick of [0, Math.round(top / 2), top])
    parts.push(
      el("line", {
        x1: PAD.left,
        x2: PAD.left + plotWidth,
        y1: y(tick),
        y2: y(tick),
        class: "grid",
      }),
      el(
        "text",
        { x: PAD.left - 6, y: y(tick) + 4, class: "axis", "text-anchor": "end" },
        formatNumber(tick),
      ),
    );
  const step = plotWidth / Math.max(n, 1);
  const every = Math.ceil(n / 12);
  // Each side's bars are one path (an edit rewrites one attribute, and lays out one element,
  // where a rectangle a bar rewrote four of each and laid them all out).
  const bars = { before: "", after: "" };
  const width = Math.max(step / 2 - 2, 1);
  const at = (value) => Math.round(value * 100) / 100;
  for (let i = 0; i < n; i++) {
    const left = PAD.left + i * step;
    for (const [side, offset] of [
      ["before", 1],
      ["after", step / 2],
    ]) {
      const top = y(bins[side][i]);
      const height = PAD.top + plotHeight - top;
      if (height > 0)
        bars[side] += `M${at(left + offset)} ${at(top)}h${at(width)}v${at(height)}h${at(-width)}z`;
    }
    if (i % every === 0)
      parts.push(
        el(
          "text",
          { x: left, y: HEIGHT - 10, class: "axis", "text-anchor": "middle" },
          String(bins.start + i * bins.width),
        ),
      );
  }
  for (const side of ["before", "after"])
    parts.push(el("path", { d: bars[side], fill: COLORS[side], class: `bars ${side}` }));

  const line = (score, kind, label, row) => {
    if (!Number.isFinite(score)) return;
    const at = x(score);
    parts.push(
      el("line", {
        x1: at,
        x2: at,
        y1: PAD.top - 4,
        y2: PAD.top + plotHeight,
        class: `threshold ${kind}`,
        "data-score": score,
      }),
      el(
        "text",
        { x: at + 4, y: PAD.top + 24 + 14 * row, class: `threshold-label ${kind}` },
        label,
      ),
    );
  };
  if (Number.isFinite(baselineThreshold) && baselineThreshold !== threshold)
    line(baselineThreshold, "baseline", `baseline ${baselineThreshold}`, 1);
  line(threshold, "edited", `MQL at ${threshold}`, 0);
  let svg = container.firstElementChild;
  if (svg?.localName !== "svg") {
    svg = document.createElementNS(SVG, "svg");
    container.replaceChildren(svg);
  }
  setAttributes(svg, root);
  patch(svg, parts);
}
