// The benchmark driver (scripts/bench.sh runs it after building what it needs):
//   node --expose-gc bench/js/run.mjs [--runs N] [--leads N] [--slow-leads N] [--update-leads N]
//        [--cold-runs N] [--rows id,id] [--models default,rules100] [--no-native] [--no-fresh]
//        [--out DIR]
// For each model: the native core's stage times (bench/native), the parity gate over every lead
// and every implementation, then N interleaved timed rounds; incremental updates one event at a
// time; then fresh processes for the first call, peak memory and cold start; package sizes.
// Writes DIR/latest.json and DIR/latest.md (default bench/results/) and prints the table.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { cpus, loadavg, totalmem, freemem } from "node:os";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants as zlib } from "node:zlib";
import { Scorer } from "leadscore";
import { UPDATE_ROWS, findRows } from "./implementations.mjs";
import { parityGate } from "./parity.mjs";
import { median, mean, quantile } from "./stats.mjs";
import { AS_OF, AS_OF_MS, BENCH_DIR, ROOT, SEED, loadLeads, loadModels } from "./workload.mjs";
import { renderMarkdown } from "./report.mjs";
import { measureInChromium, visitorDownload } from "./budgets.mjs";

const options = parseArgs(process.argv.slice(2));
const log = (message) => process.stderr.write(`bench: ${message}\n`);

function parseArgs(argv) {
  const opts = {
    runs: 5,
    leads: 10_000,
    slowLeads: 2_000,
    updateLeads: 200,
    coldRuns: 30,
    rows: null,
    models: null,
    native: true,
    fresh: true,
    out: join(BENCH_DIR, "results"),
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    const whole = (name) => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1)
        throw new Error(`${name} must be a whole number of at least 1`);
      return n;
    };
    switch (flag) {
      case "--runs":
        opts.runs = whole(flag);
        break;
      case "--leads":
        opts.leads = whole(flag);
        break;
      case "--slow-leads":
        opts.slowLeads = whole(flag);
        break;
      case "--update-leads":
        opts.updateLeads = whole(flag);
        break;
      case "--cold-runs":
        opts.coldRuns = whole(flag);
        break;
      case "--rows":
        opts.rows = value().split(",");
        break;
      case "--models":
        opts.models = value().split(",");
        break;
      case "--no-native":
        opts.native = false;
        break;
      case "--no-fresh":
        opts.fresh = false;
        break;
      case "--out":
        opts.out = value();
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return opts;
}

function gc() {
  if (globalThis.gc) globalThis.gc();
}

function machine() {
  const sh = (cmd, args) => {
    try {
      return execFileSync(cmd, args, {
        cwd: ROOT,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
    } catch {
      return null;
    }
  };
  return {
    date: new Date().toISOString(),
    commit: sh("git", ["rev-parse", "--short", "HEAD"]),
    dirty: (sh("git", ["status", "--porcelain", "--untracked-files=no"]) ?? "") !== "",
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
    freeMemoryGiB: +(freemem() / 2 ** 30).toFixed(1),
    loadAverage: loadavg().map((x) => +x.toFixed(2)),
    node: process.version,
    v8: process.versions.v8,
    rustc: sh("rustc", ["--version"]),
  };
}

// ---------------------------------------------------------------------------------------------
// Native core

const NATIVE_BIN = join(ROOT, "target/release/leadscore-bench-native");

function runNative(model, workload) {
  if (!existsSync(NATIVE_BIN))
    throw new Error(
      `${NATIVE_BIN} is missing: build it with scripts/bench.sh (or cargo build --release --manifest-path bench/native/Cargo.toml --target-dir target)`,
    );
  const totalsFile = join(BENCH_DIR, ".work", `native-totals-${model.key}.json`);
  const out = execFileSync(
    NATIVE_BIN,
    [
      "--model",
      model.path,
      "--leads",
      workload.file,
      "--as-of",
      AS_OF,
      "--runs",
      String(options.runs),
      "--update-leads",
      String(options.updateLeads),
      "--totals",
      totalsFile,
    ],
    { encoding: "utf8", maxBuffer: 1 << 24 },
  );
  const report = JSON.parse(out);
  const totals = JSON.parse(readFileSync(totalsFile, "utf8"));
  return { report, totals };
}

// ---------------------------------------------------------------------------------------------
// Throughput

/** One run of the native binary's batch stages (its own timing of each, after a warm-up). */
function nativeRound(model, workload) {
  const out = execFileSync(
    NATIVE_BIN,
    [
      "--model",
      model.path,
      "--leads",
      workload.file,
      "--as-of",
      AS_OF,
      "--runs",
      "1",
      "--only",
      "batch",
    ],
    { encoding: "utf8", maxBuffer: 1 << 24 },
  );
  const report = JSON.parse(out);
  return { full: report.parseScoreSerialize.runs[0], score: report.score.runs[0] };
}

/**
 * N rounds; in each, every row runs once (in a rotated order), after a collection. With a model,
 * the native binary also runs once per round (a fresh process timing its own stages), so that
 * its ratio to scoreBatch is taken in the same machine state too.
 */
async function timeRounds(runners, workload, slowInput, nativeModel = null) {
  const times = new Map(runners.map((r) => [r.row.id, []]));
  const entries = [...runners];
  if (nativeModel) {
    times.set("nativeFull", []);
    times.set("nativeScore", []);
    entries.push({ row: { id: "native" }, native: true });
  }
  for (let round = 0; round < options.runs; round++) {
    const order = entries.map((_, i) => entries[(i + round) % entries.length]);
    for (const entry of order) {
      if (entry.native) {
        const { full, score } = nativeRound(nativeModel, workload);
        times.get("nativeFull").push(full);
        times.get("nativeScore").push(score);
        continue;
      }
      const { row, run } = entry;
      const input = row.slow ? slowInput : row.input === "text" ? workload.text : workload.leads;
      gc();
      const start = performance.now();
      const results = await run(input);
      const seconds = (performance.now() - start) / 1000;
      if (results.length !== (row.slow ? slowInput.length : workload.count))
        throw new Error(`${row.id} returned ${results.length} results`);
      times.get(row.id).push(seconds);
    }
    log(
      `round ${round + 1}/${options.runs}: ${[...times.keys()].map((id) => `${id} ${times.get(id)[round].toFixed(3)}s`).join(", ")}`,
    );
  }
  return times;
}

function throughputRows(runners, times, workload, slowWorkload) {
  const reference = times.get("scoreBatch");
  return runners.map(({ row }) => {
    const seconds = times.get(row.id);
    const leads = row.slow ? slowWorkload.count : workload.count;
    const events = row.slow ? slowWorkload.events : workload.events;
    // Rate relative to scoreBatch's in the same round (same machine state), then the median.
    const vsScoreBatch = reference
      ? median(seconds.map((s, i) => leads / s / (workload.count / reference[i])))
      : null;
    return {
      id: row.id,
      label: row.label,
      group: row.group,
      input: row.input,
      leads,
      events,
      runsSeconds: seconds,
      medianSeconds: median(seconds),
      leadsPerSecond: leads / median(seconds),
      eventsPerSecond: events / median(seconds),
      vsScoreBatch,
    };
  });
}

function nativeRows(native, times, workload) {
  const reference = times.get("scoreBatch");
  const row = (id, label) => {
    const seconds = times.get(id);
    return {
      id,
      label,
      group: "native",
      input: "text",
      leads: workload.count,
      events: workload.events,
      runsSeconds: seconds,
      medianSeconds: median(seconds),
      leadsPerSecond: workload.count / median(seconds),
      eventsPerSecond: workload.events / median(seconds),
      vsScoreBatch: reference ? median(seconds.map((s, i) => reference[i] / s)) : null,
    };
  };
  return [
    row("nativeFull", "native core: parse + score + serialize (`score_batch_json`)"),
    row("nativeScore", "native core: score only (leads already parsed)"),
  ];
}

// ---------------------------------------------------------------------------------------------
// Incremental updates

function timerOverhead() {
  const samples = new Float64Array(10_000);
  for (let i = 0; i < samples.length; i++) {
    const a = performance.now();
    samples[i] = performance.now() - a;
  }
  return median(samples) * 1000;
}

/** Per-call times of each update row over the leads' events, fed one at a time. */
function measureUpdates(model, leads) {
  const ctx = { model: model.model, modelText: model.text, asOf: AS_OF, asOfMs: AS_OF_MS };
  const reference = new Scorer(model.text);
  const calls = leads.reduce((n, lead) => n + lead.events.length, 0);
  const rows = UPDATE_ROWS.map((row) => ({ row, updater: row.setup(ctx), passes: [], checked: 0 }));
  for (let pass = 0; pass <= options.runs; pass++) {
    // Rows take turns within each pass, so that they see the same machine state.
    for (const entry of rows) {
      const { updater } = entry;
      const samples = new Float64Array(calls);
      let k = 0;
      gc();
      const started = performance.now();
      for (const lead of leads) {
        const session = updater.start(lead);
        let result = null;
        // A row may take each event in the form it arrives in (a webhook's JSON text), made
        // outside the timed call.
        const arriving = updater.prepare ? lead.events.map(updater.prepare) : lead.events;
        for (const event of arriving) {
          const t0 = performance.now();
          result = updater.add(session, event);
          samples[k++] = performance.now() - t0;
        }
        if (updater.finish) result = updater.finish(session, lead.events.at(-1));
        if (pass === 0 && result) {
          // Parity: the last update's result is the whole history's.
          const full = reference.score(lead, { asOf: lead.events.at(-1).at });
          if (
            full.total !== result.total ||
            full.fit !== result.fit ||
            full.intent !== result.intent
          ) {
            throw new Error(
              `parity: ${entry.row.id} disagrees with score for ${lead.id}: ${JSON.stringify([result.fit, result.intent, result.total])} vs ${JSON.stringify([full.fit, full.intent, full.total])}`,
            );
          }
          entry.checked++;
        }
      }
      const wall = (performance.now() - started) / 1000;
      if (pass > 0)
        entry.passes.push({
          medianUs: median(samples) * 1000,
          meanUs: mean(samples) * 1000,
          p90Us: quantile(samples, 0.9) * 1000,
          p99Us: quantile(samples, 0.99) * 1000,
          wallSeconds: wall,
        });
    }
  }
  const overhead = timerOverhead();
  return rows.map(({ row, passes, checked }) => ({
    id: row.id,
    label: row.label,
    leads: leads.length,
    calls,
    passes: passes.length,
    checkedLeads: checked,
    medianUs: median(passes.map((p) => p.medianUs)),
    meanUs: median(passes.map((p) => p.meanUs)),
    p90Us: median(passes.map((p) => p.p90Us)),
    p99Us: median(passes.map((p) => p.p99Us)),
    timerOverheadUs: overhead,
    passesDetail: passes,
  }));
}

// ---------------------------------------------------------------------------------------------
// Fresh processes

function nodeRun(args, env = {}) {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 1 << 24,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${child.stderr}`);
  return { ms, stdout: child.stdout };
}

function measureColdStart() {
  const script = join(BENCH_DIR, "js/cold-start.mjs");
  for (let i = 0; i < 3; i++) {
    nodeRun(["-e", ""]);
    nodeRun([script]);
  }
  const bare = [];
  const cold = [];
  const diffs = [];
  const stages = [];
  for (let i = 0; i < options.coldRuns; i++) {
    const b = nodeRun(["-e", ""]).ms;
    const c = nodeRun([script]).ms;
    bare.push(b);
    cold.push(c);
    diffs.push(c - b);
  }
  for (let i = 0; i < Math.min(options.coldRuns, 10); i++)
    stages.push(JSON.parse(nodeRun([script], { BENCH_REPORT: "1" }).stdout));
  // The same with V8 compiling the whole module up front (Liftoff) instead of each function on
  // its first call: shows how much of "compile the model" and "first score" is Wasm compilation.
  const eager = [];
  for (let i = 0; i < Math.min(options.coldRuns, 10); i++)
    eager.push(
      JSON.parse(nodeRun(["--no-wasm-lazy-compilation", script], { BENCH_REPORT: "1" }).stdout),
    );
  // The first `new WebAssembly.Module` in a fresh process (V8 caches modules within a process).
  const moduleCode = `const b = require("fs").readFileSync(${JSON.stringify(join(ROOT, "pkg/node/leadscore_bg.wasm"))}); const t = performance.now(); new WebAssembly.Module(b); console.log(performance.now() - t);`;
  const moduleCompile = [];
  for (let i = 0; i < 10; i++) moduleCompile.push(Number(nodeRun(["-e", moduleCode]).stdout));
  const stageMedians = (list) => ({
    importMs: median(list.map((s) => s.importMs)),
    compileModelMs: median(list.map((s) => s.compileModelMs)),
    firstScoreMs: median(list.map((s) => s.firstScoreMs)),
  });
  return {
    runs: options.coldRuns,
    bareMedianMs: median(bare),
    coldMedianMs: median(cold),
    addedMs: median(diffs),
    inProcess: stageMedians(stages),
    inProcessEagerWasmCompile: stageMedians(eager),
    moduleCompileMs: median(moduleCompile),
  };
}

function freshRuns(rows, model, workload) {
  const results = [];
  for (const row of rows) {
    if (row.slow) continue; // its first run over every lead is in the parity gate's time already
    const { stdout } = nodeRun([
      "--expose-gc",
      join(BENCH_DIR, "js/fresh-run.mjs"),
      row.id,
      model.path,
      workload.file,
    ]);
    const r = JSON.parse(stdout);
    results.push({ ...r, label: row.label });
    log(
      `fresh process, ${model.key}, ${row.id}: first run ${r.firstRunSeconds.toFixed(2)} s, peak RSS ${(r.maxRssBytes / 2 ** 20).toFixed(0)} MiB`,
    );
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Sizes

function sizes() {
  const file = (path) => {
    const bytes = readFileSync(join(ROOT, path));
    return {
      path,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  };
  return {
    // The scoring engine, what `leadscore` loads (in Node and in browsers alike).
    wasm: file("pkg/web/leadscore_bg.wasm"),
    // With the lifecycle, what `leadscore/full` loads.
    wasmFull: file("pkg/web/full/leadscore_bg.wasm"),
    nodeGlue: [file("pkg/node/leadscore.cjs"), file("pkg/node/index.mjs")],
    webGlue: [file("pkg/web/leadscore.js"), file("pkg/web/index.js")],
    // The visitor scorer's small engine, and its classic script (with the engine's glue).
    visitorWasm: file("pkg/visitor/leadscore-visitor.wasm"),
    visitorScript: file("pkg/visitor/leadscore-visitor.min.js"),
  };
}

// ---------------------------------------------------------------------------------------------

async function main() {
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
    const native = options.native ? runNative(model, workload) : null;
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
    entry.updates = measureUpdates(model, workload.leads.slice(0, options.updateLeads));
    entry.update = entry.updates.find((u) => u.id === "update");
    entry.store = entry.updates.find((u) => u.id === "store");
    entry.storeObject = entry.updates.find((u) => u.id === "storeObject");
    if (native && entry.update) entry.update.native = native.report.update;
    for (const u of entry.updates)
      log(`${u.id}: median ${u.medianUs.toFixed(2)} µs per call over ${u.calls} calls`);
    if (options.fresh) entry.fresh = freshRuns(rows, model, workload);
  }
  if (options.fresh && !parityFailed) {
    log('cold start: fresh processes against a bare `node -e ""`');
    report.coldStart = measureColdStart();
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

await main();
