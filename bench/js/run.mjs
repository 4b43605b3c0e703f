// The benchmark driver (scripts/bench.sh runs it after building what it needs):
//   node --expose-gc bench/js/run.mjs [--runs N] [--leads N] [--slow-leads N] [--update-leads N]
//        [--cold-runs N] [--rows id,id] [--models default,rules100] [--no-native] [--no-fresh]
//        [--out DIR] [--help]
// For each model: the native core's stage times (bench/native), the parity gate over every lead
// and every implementation, then N interleaved timed rounds; incremental updates one event at a
// time; then fresh processes for the first call, peak memory and cold start; package sizes.
// Writes DIR/latest.json and DIR/latest.md (default bench/results/) and prints the table.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { measureInChromium, visitorDownload } from "./budgets.mjs";
import { freshRuns, measureColdStart } from "./fresh.mjs";
import { findRows } from "./implementations.mjs";
import { machine, sizes } from "./machine.mjs";
import { runNative } from "./native.mjs";
import { USAGE, readOptions } from "./options.mjs";
import { parityGate } from "./parity.mjs";
import { renderMarkdown } from "./report.mjs";
import { median } from "./stats.mjs";
import { nativeRows, throughputRows, timeRounds } from "./throughput.mjs";
import { measureUpdates } from "./updates.mjs";
import { AS_OF, AS_OF_MS, ROOT, SEED, loadLeads, loadModels } from "./workload.mjs";

const log = (message) => process.stderr.write(`bench: ${message}\n`);

async function main(options) {
  const started = performance.now();
  if (!globalThis.gc)
    log("warning: run node with --expose-gc so that each timed run starts after a collection");
  const before = machine();
  log(`generating ${options.leads} leads (seed ${SEED})`);
  const workload = loadLeads(options.leads);
  const slowCount = Math.min(options.slowLeads, workload.count);
  const slowWorkload = { count: slowCount, leads: workload.leads.slice(0, slowCount) };
  slowWorkload.events = slowWorkload.leads.reduce((n, l) => n + l.events.length, 0);
  log(
    `${workload.count} leads, ${workload.events} events (${(workload.text.length / 1e6).toFixed(1)} MB of JSON)`,
  );

  const rows = findRows(options.rows);
  const models = loadModels().filter((m) => !options.models || options.models.includes(m.key));
  const report = {
    benchmark: "leadscore issue 5",
    workload: {
      leads: workload.count,
      events: workload.events,
      jsonBytes: Buffer.byteLength(workload.text),
      seed: SEED,
      eventsPerLead: 50,
      asOf: AS_OF,
      slowLeads: slowCount,
      slowEvents: slowWorkload.events,
    },
    options: { runs: options.runs, updateLeads: options.updateLeads, coldRuns: options.coldRuns },
    machineBefore: before,
    models: [],
  };
  let parityFailed = false;
  for (const model of models) {
    log(`== ${model.name} (${model.rules} rules)`);
    const native = options.native ? runNative(model, workload, options) : null;
    if (native)
      log(
        `native: parse+score+serialize ${native.report.parseScoreSerialize.median.toFixed(3)} s, score only ${native.report.score.median.toFixed(3)} s`,
      );
    const ctx = { model: model.model, modelText: model.text, asOf: AS_OF, asOfMs: AS_OF_MS };
    const gate = await parityGate({
      rows,
      ctx,
      leads: workload.leads,
      text: workload.text,
      parsed: () => workload.parsed,
      nativeTotals: native?.totals ?? null,
      log,
    });
    const entry = {
      key: model.key,
      name: model.name,
      path: model.path.slice(ROOT.length + 1),
      rules: model.rules,
      parity: { ok: gate.ok, reference: gate.reference, checks: gate.checks },
    };
    report.models.push(entry);
    if (!gate.ok) {
      parityFailed = true;
      log(`PARITY FAILED for ${model.name}: nothing is timed`);
      continue;
    }
    const times = await timeRounds(
      gate.runners,
      workload,
      slowWorkload.leads,
      { runs: options.runs, log },
      native ? model : null,
    );
    entry.throughput = throughputRows(gate.runners, times, workload, slowWorkload);
    if (native) {
      entry.native = native.report;
      entry.throughput.unshift(...nativeRows(native, times, workload));
      // The Wasm/native ratio, per round, for the target check.
      const ratio = (id) =>
        times.has(id) ? median(times.get(id).map((s, i) => s / times.get("nativeFull")[i])) : NaN;
      entry.wasmOverNative = {
        scoreBatch: ratio("scoreBatch"),
        scoreBatchText: ratio("scoreBatchText"),
        scoreBatchSummary: ratio("scoreBatchSummary"),
      };
    }
    log("incremental updates, one event per call");
    entry.updates = measureUpdates(
      model,
      workload.leads.slice(0, options.updateLeads),
      options.runs,
    );
    entry.update = entry.updates.find((u) => u.id === "update");
    entry.store = entry.updates.find((u) => u.id === "store");
    entry.storeObject = entry.updates.find((u) => u.id === "storeObject");
    if (native && entry.update) entry.update.native = native.report.update;
    for (const u of entry.updates)
      log(`${u.id}: median ${u.medianUs.toFixed(2)} µs per call over ${u.calls} calls`);
    if (options.fresh) entry.fresh = freshRuns(rows, model, workload, log);
  }
  if (options.fresh && !parityFailed) {
    log('cold start: fresh processes against a bare `node -e ""`');
    report.coldStart = measureColdStart(options.coldRuns);
  }
  report.sizes = sizes();
  log("the browser side: the visitor scorer's download and its timings in Chromium");
  report.browser = {
    download: visitorDownload(),
    chromium: options.fresh ? await measureInChromium() : null,
  };
  report.machineAfter = machine();
  report.elapsedSeconds = (performance.now() - started) / 1000;
  report.parityOk = !parityFailed;

  mkdirSync(options.out, { recursive: true });
  writeFileSync(join(options.out, "latest.json"), JSON.stringify(report, null, 2) + "\n");
  const markdown = renderMarkdown(report);
  writeFileSync(join(options.out, "latest.md"), markdown);
  process.stdout.write(markdown);
  log(
    `wrote ${join(options.out, "latest.md")} and latest.json in ${report.elapsedSeconds.toFixed(0)} s`,
  );
  if (parityFailed) {
    log("the parity gate failed: some implementation disagrees (see latest.md)");
    process.exit(1);
  }
}

let options;
try {
  options = readOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: ${error.message}\n${USAGE}\n`);
  process.exit(2);
}
if (options.help) process.stdout.write(`${USAGE}\n`);
else await main(options);
