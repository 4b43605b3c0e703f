// Where the visitor scorer's first score goes: page loads of a built demo site traced by Chromium
// (categories toplevel, v8, v8.wasm, devtools.timeline, blink.user_timing, loading), each load's complete events on
// the page's renderer (its main thread, and the others apart) between the `leadscore:start` and `leadscore:first-score` marks summed
// by name (nested events count in their own name and in their parents'), medians over the loads.
// Tracing slows everything: read the shares, not the times.
//   node bench/js/experiments/first-score-trace.mjs [DIR] [--loads N]   (DIR: www/dist/demo)
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../../../scripts/chromium.mjs";
import { serveDemo } from "../../../www/demo/serve.mjs";
import { median } from "../stats.mjs";
import { firstScoreTiming } from "../budgets.mjs";

const args = process.argv.slice(2);
const at = args.indexOf("--loads");
const loads = at >= 0 ? Number(args[at + 1]) : 7;
const root =
  args.find((arg, i) => !arg.startsWith("--") && args[i - 1] !== "--loads") ?? "www/dist/demo";
const CATEGORIES = [
  "toplevel",
  "v8",
  "v8.wasm",
  "devtools.timeline",
  "blink.user_timing",
  "loading",
];

/** The complete events of the thread that set the marks, within the marks, summed by name. */
function phases(trace) {
  const events = JSON.parse(trace).traceEvents;
  const mark = (name) => events.find((event) => event.name === name);
  const start = mark("leadscore:start");
  const end = mark("leadscore:first-score");
  if (!start || !end) return null;
  const sums = new Map([["(script start to first score)", (end.ts - start.ts) / 1000]]);
  for (const event of events) {
    if (event.ph !== "X" || event.pid !== start.pid) continue;
    if (event.ts < start.ts || event.ts + (event.dur ?? 0) > end.ts) continue;
    const name = event.tid === start.tid ? event.name : `(other threads) ${event.name}`;
    sums.set(name, (sums.get(name) ?? 0) + (event.dur ?? 0) / 1000);
  }
  return sums;
}

const server = await serveDemo({ port: 0, root });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_ARGS,
});
const found = new Map();
let traced = 0;
try {
  for (let load = 0; load < loads; load++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await browser.startTracing(page, { categories: CATEGORIES });
    await page.goto(new URL("pricing.html", server.url).href);
    await firstScoreTiming(page);
    const sums = phases((await browser.stopTracing()).toString());
    await context.close();
    if (!sums) continue;
    traced++;
    for (const [name, ms] of sums) found.set(name, [...(found.get(name) ?? []), ms]);
  }
} finally {
  await browser.close();
  await server.close();
}
const rows = [...found]
  .map(([name, times]) => [name, median([...times, ...Array(traced - times.length).fill(0)])])
  .filter(([, ms]) => ms >= 0.5)
  .sort((a, b) => b[1] - a[1]);
console.log(
  `${root}: ${traced} of ${loads} loads traced; median ms by event (main thread unless named):`,
);
for (const [name, ms] of rows.slice(0, 25)) console.log(`  ${ms.toFixed(1).padStart(7)}  ${name}`);
