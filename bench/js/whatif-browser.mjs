#!/usr/bin/env node
// The what-if row, measured in headless Chromium: for generated leads (10,000 and 100,000 by
// default), in one page and one run, side by side: reading the leads into a LeadSet, a full
// rescore from JSON text (`scoreBatch`, what the simulator did for every edit before the lead
// set), a rescore from the resident leads (a new model shape), a reweigh (points and threshold
// edited: from the rule table) and an as-of move (the matched events folded to another time).
// Before timing, every path's totals are checked against `scoreBatch`; a mismatch fails the run.
// Then the simulator page itself (www/dist, served) with the same leads: edits of the threshold
// and of a rule's points made in its form, each timed twice: the page's own figure (the "Last
// edit" card: from the edit's input event to the frame painted with the new scores) and, from
// outside, from the input event to the first frame painted after the page drew; and, traced,
// the CPU time of that span on the page's main thread and on its workers (thread time, which the
// machine's load does not stretch as it does the wall clock).
// Medians of --runs runs (default 5; the page's edits, 4 × runs). Prints a Markdown table;
// writes it to bench/results/whatif.md with --write.
// --site DIR times the page built in DIR instead of www/dist (an older build, to compare).
// --compare DIR times the page built in DIR too, its edits alternating with the other's in the
// same rounds (an A/B on a loaded machine), and prints both.
//   node bench/js/whatif-browser.mjs [--leads 10000,100000] [--events 50,20] [--runs 5]
//                                    [--site DIR] [--compare DIR] [--write]
// Needs pkg/ and www/dist built (bash pkg-config/build.sh; node www/build.mjs) and Chromium at
// /usr/bin/chromium.
import { build } from "esbuild";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../../scripts/serve.mjs";
import { launchChromium } from "../../scripts/chromium.mjs";
import { fieldInView } from "./field-in-view.mjs";
import { REWEIGH_HERE_UP_TO } from "../../www/src/local-reweigh.js";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : process.argv[at + 1];
};
const sizes = arg("leads", "10000,100000").split(",").map(Number);
const events = arg("events", "50,20").split(",").map(Number);
const runs = Number(arg("runs", "5"));
const AS_OF = "2026-11-20T17:00:00Z";
/** The target for an edit of weights with 10,000 leads, from input to painted. */
const FRAME_MS = 16;
const EARLIER = "2026-10-20T17:00:00Z";

// The page's script: everything runs in the page's main thread, one workload after another.
const PAGE_SCRIPT = `
import { Scorer, LeadSet } from "leadscore/full";
import { generateLead, generatorOptions } from "leadscore/generate";
import model from "../../examples/models/b2b-default.json";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function timed(fn, runs) {
  const ms = [];
  let value;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    value = fn(i);
    ms.push(performance.now() - started);
  }
  return { ms: median(ms), value };
}
function same(standings, results, what) {
  for (let i = 0; i < results.length; i++)
    if (standings.total[i] !== results[i].total || Boolean(standings.flags[i] & 1) !== results[i].mql)
      throw new Error(what + ": lead " + i + " differs from scoreBatch");
}

window.runWorkload = ({ leads, eventsPerLead, runs, asOf, earlier }) => {
  const options = generatorOptions({ leads, seed: "leadscore-bench-1", eventsPerLead });
  const list = Array.from({ length: options.leads }, (_, i) => generateLead(i, options).lead);
  const text = JSON.stringify(list);
  list.length = 0;
  const edited = structuredClone(model);
  const scorer = new Scorer(model);
  const reweighed = (i) => {
    edited.mql.threshold = 40 + (i % 7);
    edited.intent.rules[0].points = 20 + (i % 5);
    return new Scorer(edited);
  };
  const reshaped = (i) => {
    const m = structuredClone(model);
    m.intent.rules[0].limit = { max: 2 + i };
    return new Scorer(m);
  };
  const row = { leads, textMB: text.length / 1e6 };

  const load = timed(() => new LeadSet(text), 1);
  const set = load.value;
  row.load = load.ms;
  // The parity gate, every path against scoreBatch, before any timing.
  const full = (sc, at) => sc.scoreBatch(text, { asOf: at, detail: "summary" });
  same(set.rescore(scorer, { asOf }), full(scorer, asOf), "rescore");
  const probe = reweighed(0);
  same(set.standings(probe, { asOf }), full(probe, asOf), "reweigh");
  same(set.standings(probe, { asOf: earlier }), full(probe, earlier), "as-of move");
  const shape = reshaped(0);
  same(set.standings(shape, { asOf }), full(shape, asOf), "new shape");
  // The page's own path for an edit of weights: the rule table kept in the engine once, each
  // edited model reweighed from it into the page's compact columns.
  const kept = LeadSet.keepTable(set.ruleTable(scorer, { asOf }), scorer);
  same(kept.reweigh(probe), full(probe, asOf), "reweigh from a kept table");

  row.fullRescore = timed(() => full(scorer, asOf), Math.min(runs, 3)).ms;
  row.residentRescore = timed(() => set.rescore(scorer, { asOf }), runs).ms;
  set.standings(scorer, { asOf });
  row.reweigh = timed((i) => {
    const s = set.standings(reweighed(i), { asOf });
    if (s.work !== "reweigh") throw new Error("expected a reweigh, got " + s.work);
  }, runs).ms;
  row.keptReweigh = timed((i) => {
    if (!kept.reweighCompact(reweighed(i))) throw new Error("the kept table did not answer");
  }, runs).ms;
  kept.free();
  row.asOfMove = timed((i) => {
    const s = set.standings(scorer, { asOf: i % 2 ? asOf : earlier });
    if (s.work !== "refold") throw new Error("expected a refold, got " + s.work);
  }, runs).ms;
  set.free();
  return row;
};
window.benchReady = true;
`;

const dir = mkdtempSync(join(tmpdir(), "leadscore-whatif-bench-"));
const entry = join(repo, "bench", "js", ".whatif-page.js");
writeFileSync(entry, PAGE_SCRIPT);
try {
  await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outfile: join(dir, "bench.js"),
    logLevel: "warning",
  });
} finally {
  rmSync(entry, { force: true });
}
const wasm = createRequire(join(repo, "package.json")).resolve("leadscore/full_bg.wasm");
copyFileSync(wasm, join(dir, "leadscore_bg.wasm"));
writeFileSync(
  join(dir, "index.html"),
  '<!doctype html><meta charset="utf-8"><title>what-if bench</title><script type="module" src="./bench.js"></script>',
);

/**
 * One edit made in the page's form as a user makes it (the field's value, then its input
 * event): `{ page, painted }`, the page's own figure and the time from the input event to the
 * first frame painted once the page has drawn the new scores (it marks itself ready then; a task
 * queued from the next frame's animation callback runs once that frame is painted).
 */
async function editInPage(page, selector, value, tag) {
  // A user edits a field they can see: scroll it into view (outside the timed span) and let a
  // frame paint, so that what sits off screen is not spared layout only in the benchmark.
  await fieldInView(page, selector);
  return page.evaluate(
    ({ selector, value, tag }) =>
      new Promise((resolve) => {
        const body = document.body;
        const renders = Number(body.dataset.renders ?? 0);
        let painted = null;
        // Done once painted and the page is still: its render finished and no panel busy (a
        // calibration still being worked out would weigh on the next edit, or on another page's).
        const finish = () => {
          if (painted === null || Number(body.dataset.renders) <= renders) return;
          if (document.querySelector('[aria-busy="true"]')) {
            setTimeout(finish, 10);
            return;
          }
          watch.disconnect();
          resolve({
            page: Number(document.querySelector("#timing").dataset.onScreen),
            painted,
            // Answered within a frame: drawn in the first frame that began after the input (no
            // frame was shown without the edit) and painted within a frame's time of that
            // frame's start (the frame was not held back by the edit's work). When that frame
            // begins after the input is the display's clock, not the page's: 0 to 16.7 ms.
            sameFrame: drawnFrame === firstFrame,
            frameWait: firstFrame - started,
          });
        };
        // Drawn: new scores on screen (a version the page counts) and the page ready.
        const version = body.dataset.scoresVersion;
        let drawn = false;
        let drawnFrame = null;
        // The start of the first frame after the input (a callback asked for before it).
        let firstFrame = null;
        requestAnimationFrame((frameStart) => {
          firstFrame = frameStart;
        });
        const watch = new MutationObserver(() => {
          if (!drawn && body.dataset.scoresVersion !== version && body.dataset.state === "ready") {
            drawn = true;
            requestAnimationFrame((frameStart) => {
              drawnFrame = frameStart;
              setTimeout(() => {
                painted = performance.now() - started;
                performance.mark(`leadscore-painted ${tag}`);
                finish();
              });
            });
          }
          finish();
        });
        watch.observe(body, {
          attributes: true,
          attributeFilter: ["data-state", "data-renders", "data-scores-version"],
        });
        const field = document.querySelector(selector);
        performance.mark(`leadscore-edit ${tag}`);
        // Counted from the input event's time stamp, as the page counts its own figure.
        const input = new Event("input", { bubbles: true });
        const started = input.timeStamp;
        field.value = String(value);
        field.dispatchEvent(input);
      }),
    { selector, value, tag },
  );
}

/** The middle value (the upper of the two middle ones for an even count), as every figure here. */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * For every edit and for those painted at FRAME_MS or later: how many, and their medians of the
 * wait from the input to the start of the frame that drew them and of the time from that start to
 * painted.
 */
function frameSplit({ painted, frameWait }) {
  const split = (pick) => {
    const picked = painted.flatMap((ms, i) =>
      pick(ms) ? [[frameWait[i], ms - frameWait[i]]] : [],
    );
    return picked.length === 0
      ? null
      : {
          count: picked.length,
          wait: median(picked.map(([wait]) => wait)),
          drawn: median(picked.map(([, drawn]) => drawn)),
        };
  };
  return { all: split(() => true), late: split((ms) => ms >= FRAME_MS) };
}

/**
 * The threads' CPU time for each edit traced, `{ tag: { main: [ms], workers: [ms] } }`: from the
 * mark `leadscore-edit TAG` to `leadscore-painted TAG`, the thread time (not stretched by the
 * machine's load) of the tasks on the page's main thread and on its workers' threads (scoring,
 * calibration) that run in that span.
 */
function editCpu(trace) {
  const threads = new Map();
  for (const e of trace)
    if (e.ph === "M" && e.name === "thread_name") threads.set(`${e.pid}:${e.tid}`, e.args.name);
  const spans = [];
  const open = new Map();
  for (const e of [...trace].sort((a, b) => a.ts - b.ts)) {
    const [what, tag] = e.name.split(" ");
    if (what === "leadscore-edit")
      open.set(tag, { tag, pid: e.pid, from: e.ts, main: 0, workers: 0 });
    else if (what === "leadscore-painted" && open.has(tag))
      spans.push({ ...open.get(tag), to: e.ts });
  }
  for (const task of trace) {
    if (task.ph !== "X" || task.name !== "ThreadControllerImpl::RunTask" || !task.tdur) continue;
    const thread = threads.get(`${task.pid}:${task.tid}`);
    const side =
      thread === "CrRendererMain" ? "main" : thread === "DedicatedWorker thread" ? "workers" : null;
    if (!side) continue;
    for (const span of spans)
      if (span.pid === task.pid && task.ts < span.to && task.ts + task.dur > span.from)
        span[side] += task.tdur / 1000;
  }
  const byTag = {};
  for (const { tag, main, workers } of spans) {
    byTag[tag] ??= { main: [], workers: [] };
    byTag[tag].main.push(main);
    byTag[tag].workers.push(workers);
  }
  return byTag;
}

/** A simulator page opened at `url` with `leads` generated leads, ready for edits. */
async function openPage(context, url, { leads, eventsPerLead }) {
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
  await page.goto(
    `${url}#model=b2b-default&leads=generated&n=${leads}&seed=1&events=${eventsPerLead}`,
  );
  await page.waitForFunction(
    (n) =>
      document.body.dataset.state === "ready" &&
      document.querySelector("#lead-range").textContent.endsWith(`of ${n.toLocaleString("en-US")}`),
    leads,
    { timeout: 600_000, polling: 500 },
  );
  return page;
}

/**
 * The simulator page of each site in `urls` with `leads` generated leads: medians of its edits'
 * times on screen, one entry a site. With two sites the rounds alternate between them, so that
 * the machine's load weighs on both alike.
 */
async function pageEdits(context, urls, { leads, eventsPerLead, runs }) {
  const pages = [];
  try {
    for (const url of urls) pages.push(await openPage(context, url, { leads, eventsPerLead }));
    const points = '[data-path="intent.rules[0].points"]';
    const edits = await Promise.all(
      pages.map(async (page) => ({
        page,
        base: Number(await page.inputValue(points)),
        threshold: { page: [], painted: [], nextFrame: [], frameWait: [] },
        reweigh: { page: [], painted: [], nextFrame: [], frameWait: [] },
      })),
    );
    // Traced: each edit's CPU time on the page's threads (editCpu).
    const trace = [];
    const cdp = await context.newCDPSession(pages[0]);
    cdp.on("Tracing.dataCollected", ({ value }) => trace.push(...value));
    await cdp.send("Tracing.start", {
      categories: "toplevel,blink.user_timing,__metadata",
      transferMode: "ReportEvents",
    });
    for (let i = 0; i < 4 * runs; i++)
      for (const [s, { page, base, threshold, reweigh }] of edits.entries()) {
        await page.bringToFront(); // a page in the background gets no frames
        const t = await editInPage(page, '[data-path="mql.threshold"]', 40 + (i % 7), `${s}t`);
        const p = await editInPage(page, points, base + 1 + (i % 5), `${s}p`);
        for (const [into, edit] of [
          [threshold, t],
          [reweigh, p],
        ]) {
          into.page.push(edit.page);
          into.painted.push(edit.painted);
          into.nextFrame.push(edit.sameFrame && edit.painted - edit.frameWait < FRAME_MS);
          into.frameWait.push(edit.frameWait);
        }
      }
    const traced = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
    await cdp.send("Tracing.end");
    await traced;
    const cpu = editCpu(trace);
    const max = (xs) => Math.max(...xs);
    const results = [];
    for (const [s, { page, threshold, reweigh }] of edits.entries()) {
      const work = await page.getAttribute("#timing-note", "data-work");
      if (work !== "reweigh") throw new Error(`the page's edits were not reweighed (${work})`);
      results.push(
        Object.fromEntries(
          Object.entries({ threshold, points: reweigh }).map(([name, edit]) => {
            const used = cpu[`${s}${name[0]}`] ?? { main: [NaN], workers: [NaN] };
            return [
              name,
              {
                page: median(edit.page),
                painted: median(edit.painted),
                worst: max(edit.painted),
                // How many of the edits were painted within a frame's 16 ms.
                inFrame: edit.painted.filter((ms) => ms < FRAME_MS).length,
                // How many were drawn in the first frame after their input (a frame's budget).
                nextFrame: edit.nextFrame.filter(Boolean).length,
                // The wait from the input to the next frame's start (the display's clock), and
                // from that start to painted, for every edit and for those painted at 16 ms or later.
                split: frameSplit(edit),
                edits: edit.painted.length,
                main: median(used.main),
                workers: median(used.workers),
              },
            ];
          }),
        ),
      );
    }
    return results;
  } finally {
    for (const page of pages) await page.close();
  }
}

const server = await serve({ root: dir, port: 0 });
const site = await serve({ root: arg("site", join(repo, "www", "dist")), port: 0 });
const compare = arg("compare", null) && (await serve({ root: arg("compare"), port: 0 }));
const chromium = await launchChromium({ extraArgs: ["--js-flags=--max-old-space-size=8192"] });
const rows = [];
try {
  const page = await chromium.context.newPage();
  page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
  await page.goto(server.url);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
  for (const [i, leads] of sizes.entries()) {
    const eventsPerLead = events[i] ?? events.at(-1);
    console.error(`${leads} leads of about ${eventsPerLead} events…`);
    const row = await page.evaluate((workload) => window.runWorkload(workload), {
      leads,
      eventsPerLead,
      runs,
      asOf: AS_OF,
      earlier: EARLIER,
    });
    console.error(`the simulator page with ${leads} leads…`);
    const urls = compare ? [compare.url, site.url] : [site.url];
    const [first, second] = await pageEdits(chromium.context, urls, { leads, eventsPerLead, runs });
    rows.push({ ...row, eventsPerLead, onScreen: second ?? first, before: second && first });
  }
} finally {
  await chromium.close();
  await server.close();
  await site.close();
  await compare?.close();
  rmSync(dir, { recursive: true, force: true });
}

const cpu = ({ main, workers }) => `${ms(main)} + ${ms(workers)}`;
const splitLine = (leads, name, { split: { all, late } }) => {
  const part = ({ count, wait, drawn }) =>
    `${count}: ${ms(wait)} ms to the next frame's start, then ${ms(drawn)} ms to painted`;
  return `${leads.toLocaleString("en-US")} leads, ${name} edits, medians: all ${part(all)}; painted at ${FRAME_MS} ms or later ${late ? part(late) : "none"}.`;
};
const inFrame = ({ inFrame, nextFrame, edits }) =>
  `${inFrame} of ${edits} under ${FRAME_MS} ms, ${nextFrame} in the next frame`;
const ms = (x) => (x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString("en-US"));
const version = JSON.parse(readFileSync(join(repo, "pkg", "package.json"), "utf8")).version;
const lines = [
  `What-if in headless Chromium (${cpus().length} cores, leadscore ${version}; median of ${runs} runs, the full rescore of up to 3; ms):`,
  "",
  "| leads | events/lead | JSON | read into a LeadSet | full rescore from text (`scoreBatch`) | rescore from resident | reweigh (`standings`) | reweigh from a kept table (the page's path) | as-of move |",
  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ...rows.map(
    (r) =>
      `| ${r.leads.toLocaleString("en-US")} | ${r.eventsPerLead} | ${Math.round(r.textMB)} MB | ${ms(r.load)} | ${ms(r.fullRescore)} | ${ms(r.residentRescore)} | ${ms(r.reweigh)} | ${ms(r.keptReweigh)} | ${ms(r.asOfMove)} |`,
  ),
  "",
  "Every path's totals and MQL flags were checked against `scoreBatch` before timing. Each reweigh includes compiling the edited model (`new Scorer`); the kept table's is what the page runs for an edit of weights up to 50,000 leads (`KeptRuleTable.reweighCompact`: the table's bytes copied into the engine once, the answer in the page's compact columns), the worker's `standings` beyond.",
  "",
  `The simulator page with the same leads: an edit in its form, the page's "Last edit" figure (from the edit's input event to the frame painted with the scores, MQL count, bands and changed leads), from outside from the input event to the frame painted (median of ${4 * runs} edits each, the slowest, how many were painted under ${FRAME_MS} ms, and how many were drawn in the first frame that began after their input, so that no frame was shown without them), and the CPU time of that span on the page's main thread and on its workers' threads (thread time, which the machine's load does not stretch; medians; ms):`,
  "",
  "| leads | engine: the page's reweigh | threshold: page figure | threshold: painted (slowest) | threshold: CPU main + workers | points: page figure | points: painted (slowest) | points: CPU main + workers |",
  "|---:|---:|---:|---:|---:|---:|---:|---:|",
  ...rows.map(
    ({ leads, reweigh, keptReweigh, onScreen: { threshold: t, points: p } }) =>
      `| ${leads.toLocaleString("en-US")} | ${ms(leads <= REWEIGH_HERE_UP_TO ? keptReweigh : reweigh)} | ${ms(t.page)} | ${ms(t.painted)} (${ms(t.worst)}); ${inFrame(t)} | ${cpu(t)} | ${ms(p.page)} | ${ms(p.painted)} (${ms(p.worst)}); ${inFrame(p)} | ${cpu(p)} |`,
  ),
  "",
  "From the input to painted, in two parts: the wait for the next frame to begin (the display's clock: 0 to 16.7 ms whatever the page does) and that frame's work to painted:",
  "",
  ...rows.flatMap(({ leads, onScreen: { threshold, points } }) => [
    `- ${splitLine(leads, "threshold", threshold)}`,
    `- ${splitLine(leads, "points", points)}`,
  ]),
];
if (compare)
  lines.push(
    "",
    `The page built in ${arg("compare")} (before) and the page measured above (after), their edits alternating in one run: from the input event to the frame painted (median, the slowest, how many under ${FRAME_MS} ms, how many in the next frame) and that span's CPU time, main thread + workers (medians; ms):`,
    "",
    "| leads | threshold: before | threshold: after | points: before | points: after |",
    "|---:|---:|---:|---:|---:|",
    ...rows.map(
      ({ leads, before: b, onScreen: a }) =>
        `| ${leads.toLocaleString("en-US")} | ${ms(b.threshold.painted)} (${ms(b.threshold.worst)}); ${inFrame(b.threshold)}; CPU ${cpu(b.threshold)} | ${ms(a.threshold.painted)} (${ms(a.threshold.worst)}); ${inFrame(a.threshold)}; CPU ${cpu(a.threshold)} | ${ms(b.points.painted)} (${ms(b.points.worst)}); ${inFrame(b.points)}; CPU ${cpu(b.points)} | ${ms(a.points.painted)} (${ms(a.points.worst)}); ${inFrame(a.points)}; CPU ${cpu(a.points)} |`,
    ),
  );
console.log(lines.join("\n"));
if (process.argv.includes("--write"))
  writeFileSync(join(repo, "bench", "results", "whatif.md"), `${lines.join("\n")}\n`);
