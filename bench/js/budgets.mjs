// The browser side's budgets, measured: what a page downloads to score its visitors (the visitor
// scorer's script, with its engine's glue, and its .wasm), gzipped; the time from the visitor
// script's start to its first score in headless Chromium (network excluded: the fetches of its
// .wasm and model, as the page's resource timings give them, are taken out), and from a new event
// to its `leadscore:score` DOM event. scripts/bench.sh runs it through run.mjs; on its own:
//   node bench/js/budgets.mjs [--runs N]     (needs pkg/ and www/dist/demo built)
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { median } from "./stats.mjs";
import { ROOT } from "./workload.mjs";
import { CHROMIUM, CHROMIUM_ARGS } from "../../scripts/chromium.mjs";

export const BUDGETS = {
  visitorDownloadGzipBytes: 60_000,
  visitorAimGzipBytes: 35_000,
  firstScoreMs: 10,
  eventToDomEventMs: 1,
};

/** Raw and gzip -9 bytes of a package file. */
function sized(path) {
  const bytes = readFileSync(join(ROOT, path));
  return { path, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** What a page downloads to score visitors with the classic script: the script (with glue) and its .wasm. */
export function visitorDownload() {
  const files = [
    sized("pkg/visitor/leadscore-visitor.min.js"),
    sized("pkg/visitor/leadscore-visitor.wasm"),
  ];
  return { files, gzip: files.reduce((sum, file) => sum + file.gzip, 0) };
}

/**
 * A loaded demo page's first score, from the visitor scorer's User Timing marks: `{ total,
 * fetched, wasmAsked }` in ms, `total` from the script's start to its first score, `fetched` the
 * part of it the .wasm and model fetches overlap (the union of their spans), `wasmAsked` when
 * the .wasm was asked for after the script's start.
 */
export function firstScoreTiming(page) {
  return page.evaluate(async () => {
    await window.leadscoreVisitor.ready();
    const [start] = performance.getEntriesByName("leadscore:start");
    const [scored] = performance.getEntriesByName("leadscore:first-score");
    const resources = performance
      .getEntriesByType("resource")
      .filter((entry) => /\.(wasm|json)$/.test(entry.name));
    const fetches = resources
      .map((entry) => [
        Math.max(entry.fetchStart, start.startTime),
        Math.min(entry.responseEnd, scored.startTime),
      ])
      .filter(([from, to]) => to > from);
    // The union of the fetches' spans within the interval.
    let fetched = 0;
    let reached = start.startTime;
    for (const [from, to] of fetches.sort((a, b) => a[0] - b[0])) {
      fetched += Math.max(0, to - Math.max(from, reached));
      reached = Math.max(reached, to);
    }
    const wasm = resources.find((entry) => entry.name.endsWith(".wasm"));
    return {
      total: scored.startTime - start.startTime,
      fetched,
      wasmAsked: wasm ? wasm.fetchStart - start.startTime : null,
    };
  });
}

/**
 * The demo site in Chromium, `runs` fresh browser contexts: per run, script start to first score
 * (User Timing marks of the visitor scorer), the part of it spent fetching (resource timings of
 * the .wasm and the model that overlap it), and the time of `track()` calls, each of which scores
 * the new event and, when the score changes, dispatches `leadscore:score` before it returns.
 */
export async function measureInChromium({ runs = 7 } = {}) {
  if (!existsSync(join(ROOT, "www/dist/demo/index.html")) || !existsSync(CHROMIUM)) return null;
  const { chromium } = await import("playwright-core");
  const { serveDemo } = await import(pathToFileURL(join(ROOT, "www/demo/serve.mjs")).href);
  const server = await serveDemo({ port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const firstScore = [];
  const fetching = [];
  const events = [];
  const dispatched = [];
  try {
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(new URL("pricing.html", server.url).href);
      const timing = await firstScoreTiming(page);
      firstScore.push(timing.total - timing.fetched);
      fetching.push(timing.fetched);
      await page.click("#consent-accept");
      const calls = await page.evaluate(() => {
        const times = [];
        let fired = 0;
        document.addEventListener("leadscore:score", () => fired++);
        const tracked = [
          ["content_download", { contentType: "case_study" }],
          ["page_view", { path: "/customers/story-a.html" }],
          ["visit", {}],
          ["content_download", { contentType: "whitepaper" }],
          ["page_view", { path: "/careers.html" }],
        ];
        for (let i = 0; i < 20; i++) {
          const [type, props] = tracked[i % tracked.length];
          const t = performance.now();
          window.leadscoreVisitor.track(type, props);
          times.push(performance.now() - t);
        }
        return { times, fired };
      });
      events.push(...calls.times);
      dispatched.push(calls.fired);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return {
    runs,
    firstScoreMs: median(firstScore),
    fetchingMs: median(fetching),
    eventMs: median(events),
    eventMsMax: Math.max(...events),
    scoreEventsPerRun: median(dispatched),
  };
}

/** The budgets' rows: `{ target, measured, goal, pass, note }`. */
export function budgetChecks(download, chromium) {
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
  const rows = [
    {
      target: "visitor scorer download (script with glue, and .wasm), gzipped",
      measured: `${kb(download.gzip)} (${download.files.map((f) => `${f.path.split("/").pop()} ${kb(f.gzip)}`).join(", ")})`,
      goal: `<= ${kb(BUDGETS.visitorDownloadGzipBytes)} (aim ${kb(BUDGETS.visitorAimGzipBytes)})`,
      pass: download.gzip <= BUDGETS.visitorDownloadGzipBytes,
      note:
        download.gzip > BUDGETS.visitorDownloadGzipBytes
          ? `${kb(download.gzip - BUDGETS.visitorDownloadGzipBytes)} over`
          : "",
    },
  ];
  if (chromium) {
    rows.push(
      {
        target: "script start to first score, headless Chromium (network excluded)",
        measured: `${chromium.firstScoreMs.toFixed(1)} ms (fetching ${chromium.fetchingMs.toFixed(1)} ms more)`,
        goal: `<= ${BUDGETS.firstScoreMs} ms`,
        pass: chromium.firstScoreMs <= BUDGETS.firstScoreMs,
        note:
          chromium.firstScoreMs > BUDGETS.firstScoreMs
            ? `${(chromium.firstScoreMs - BUDGETS.firstScoreMs).toFixed(1)} ms over`
            : "",
      },
      {
        target: "a new event scored and its DOM event fired",
        measured: `${chromium.eventMs.toFixed(3)} ms median (max ${chromium.eventMsMax.toFixed(2)} ms)`,
        goal: `<= ${BUDGETS.eventToDomEventMs} ms`,
        pass: chromium.eventMs <= BUDGETS.eventToDomEventMs,
        note:
          chromium.eventMs > BUDGETS.eventToDomEventMs
            ? `${(chromium.eventMs - BUDGETS.eventToDomEventMs).toFixed(2)} ms over`
            : "",
      },
    );
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runsAt = process.argv.indexOf("--runs");
  const download = visitorDownload();
  const chromium = await measureInChromium({
    runs: runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 7,
  });
  if (!chromium)
    console.error(
      "budgets: www/dist/demo or Chromium is missing: the browser timings are left out",
    );
  const rows = budgetChecks(download, chromium);
  const out = ["| target | measured | goal | status | how far |", "|---|---|---|---|---|"];
  for (const row of rows)
    out.push(
      `| ${row.target} | ${row.measured} | ${row.goal} | ${row.pass ? "PASS" : "**FAIL**"} | ${row.note} |`,
    );
  console.log(out.join("\n"));
}
