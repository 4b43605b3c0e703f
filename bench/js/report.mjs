import { budgetChecks } from "./budgets.mjs";

// Renders the benchmark's JSON report as Markdown: throughput per model, targets with PASS/FAIL,
// incremental updates, first calls and memory in fresh processes, cold start, sizes, the machine.

export const TARGETS = {
  overJsonLogicCompiled: 2,
  overJsonRules: 20,
  overHandwritten: 1,
  wasmOverNative: 2,
  updateUs: 2,
  // `LeadStore.push` of an event object, by model.
  pushObjectUs: { default: 1, rules100: 2 },
  wasmGzipBytes: 100_000,
  addedColdStartMs: 10,
};

const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "n/a");
const fixed = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const rate = (n) =>
  !Number.isFinite(n)
    ? "n/a"
    : n >= 1e6
      ? `${(n / 1e6).toFixed(2)} M`
      : n >= 1e3
        ? `${(n / 1e3).toFixed(1)} k`
        : n.toFixed(0);
const ratio = (n) => (Number.isFinite(n) ? `${n >= 10 ? n.toFixed(1) : n.toFixed(2)}x` : "n/a");
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(0)} MiB` : "n/a");
const status = (ok) => (ok ? "**PASS**" : "**FAIL**");

/** The target checks, each { target, model, measured, goal, pass, note }. */
export function targetChecks(report) {
  const checks = [];
  for (const model of report.models) {
    if (!model.throughput) continue;
    const row = (id) => model.throughput.find((r) => r.id === id);
    const batch = row("scoreBatch");
    const over = (id) =>
      row(id) && Number.isFinite(row(id).vsScoreBatch) ? 1 / row(id).vsScoreBatch : NaN;
    const add = (target, measured, goal, pass, note = "") =>
      checks.push({ target, model: model.name, measured, goal, pass, note });
    const jl = over("jsonLogicCompiled");
    add(
      "`scoreBatch` vs json-logic-engine compiled (both from objects)",
      ratio(jl),
      ">= 2x",
      jl >= TARGETS.overJsonLogicCompiled,
      Number.isFinite(jl) && jl < 2 ? `needs ${fixed(2 / jl, 1)}x faster` : "",
    );
    const jr = over("jsonRules");
    add(
      "`scoreBatch` vs json-rules-engine (both from objects)",
      ratio(jr),
      ">= 20x",
      jr >= TARGETS.overJsonRules,
      Number.isFinite(jr) && jr < 20 ? `needs ${fixed(20 / jr, 1)}x faster` : "",
    );
    const hw = over("handwritten");
    add(
      "`scoreBatch` vs hand-written JavaScript (both from objects)",
      ratio(hw),
      "> 1x",
      hw > TARGETS.overHandwritten,
      Number.isFinite(hw) && hw <= 1 ? `needs ${fixed(1 / hw, 1)}x faster` : "",
    );
    // The competitors compute fit, intent and total only: the summary detail is the like for
    // like, from objects and from JSON text (a file, a request body: leadscore reads it in Wasm,
    // the others JSON.parse it).
    const summaryChecks = (input, id, jsonLogic, handwritten, what = " summary") => {
      const speedup = (competitor) =>
        row(id) && row(competitor) ? row(competitor).medianSeconds / row(id).medianSeconds : NaN;
      const jl = speedup(jsonLogic);
      if (Number.isFinite(jl))
        add(
          `\`scoreBatch\`${what} vs json-logic-engine compiled (both from ${input})`,
          ratio(jl),
          ">= 2x",
          jl >= TARGETS.overJsonLogicCompiled,
          jl < 2 ? `needs ${fixed(2 / jl, 1)}x faster` : "",
        );
      const hw = speedup(handwritten);
      if (Number.isFinite(hw))
        add(
          `\`scoreBatch\`${what} vs hand-written JavaScript (both from ${input})`,
          ratio(hw),
          "> 1x",
          hw > TARGETS.overHandwritten,
          hw <= 1 ? `needs ${fixed(1 / hw, 1)}x faster` : "",
        );
    };
    summaryChecks("objects", "scoreBatchObjectsSummary", "jsonLogicCompiled", "handwritten");
    summaryChecks("JSON text", "scoreBatchSummary", "jsonLogicCompiledText", "handwrittenText");
    // The same leads through JSON.parse (flat strings), beside the checks above.
    const parsed = "objects from JSON.parse";
    summaryChecks(parsed, "scoreBatchParsed", "jsonLogicCompiledParsed", "handwrittenParsed", "");
    summaryChecks(
      parsed,
      "scoreBatchParsedSummary",
      "jsonLogicCompiledParsed",
      "handwrittenParsed",
    );
    const native = row("nativeFull");
    if (native && batch) {
      const w = model.wasmOverNative?.scoreBatch ?? batch.medianSeconds / native.medianSeconds;
      add(
        "Wasm `scoreBatch` (objects) vs native parse+score+serialize",
        `${fixed(w)}x the time`,
        "<= 2x",
        w <= TARGETS.wasmOverNative,
        w > 2 ? `needs ${fixed(w / 2, 1)}x faster` : "",
      );
      const text = row("scoreBatchText");
      if (text) {
        const t = model.wasmOverNative?.scoreBatchText ?? text.medianSeconds / native.medianSeconds;
        add(
          "Wasm `scoreBatch` (JSON text) vs native parse+score+serialize",
          `${fixed(t)}x the time`,
          "<= 2x",
          t <= TARGETS.wasmOverNative,
          t > 2 ? `needs ${fixed(t / 2, 1)}x faster` : "",
        );
      }
    }
    if (model.update) {
      const u = model.update.medianUs;
      add(
        "incremental `update` (state bytes in and out), one new event, median",
        `${fixed(u)} µs`,
        "< 2 µs",
        u < TARGETS.updateUs,
        u >= 2 ? `needs ${fixed(u / 2, 1)}x faster` : "",
      );
    }
    if (model.store) {
      const u = model.store.medianUs;
      add(
        "incremental `LeadStore.push` (state resident), one event as JSON text, median",
        `${fixed(u)} µs`,
        "< 2 µs",
        u < TARGETS.updateUs,
        u >= 2 ? `needs ${fixed(u / 2, 1)}x faster` : "",
      );
    }
    if (model.storeObject) {
      const u = model.storeObject.medianUs;
      const goal = TARGETS.pushObjectUs[model.key] ?? TARGETS.updateUs;
      add(
        "`LeadStore.push` of an event object (state resident), median",
        `${fixed(u)} µs`,
        `<= ${goal} µs`,
        u <= goal,
        u > goal ? `needs ${fixed(u / goal, 1)}x faster` : "",
      );
    }
  }
  if (report.sizes) {
    const g = report.sizes.wasm.gzip;
    checks.push({
      target: "`.wasm` gzipped: the scoring engine (`leadscore`)",
      model: "",
      measured: kib(g),
      goal: "<= 100 KB (100,000 bytes)",
      pass: g <= TARGETS.wasmGzipBytes,
      note:
        g > TARGETS.wasmGzipBytes
          ? `${(g / TARGETS.wasmGzipBytes).toFixed(2)}x the budget (${int(g - TARGETS.wasmGzipBytes)} bytes over)`
          : "",
    });
  }
  if (report.coldStart) {
    const c = report.coldStart.addedMs;
    checks.push({
      target:
        "added cold start of `leadscore` in Node (import, instantiate, compile model, first score)",
      model: "",
      measured: `${fixed(c, 1)} ms`,
      goal: `<= ${TARGETS.addedColdStartMs} ms`,
      pass: c <= TARGETS.addedColdStartMs,
      note: c > TARGETS.addedColdStartMs ? `${fixed(c - TARGETS.addedColdStartMs, 1)} ms over` : "",
    });
  }
  if (report.browser) {
    for (const row of budgetChecks(report.browser.download, report.browser.chromium))
      checks.push({ model: "", ...row });
  }
  return checks;
}

export function renderMarkdown(report) {
  const out = [];
  const w = report.workload;
  out.push("# leadscore benchmark: latest results", "");
  out.push(
    `Generated by \`scripts/bench.sh\` (bench/js/run.mjs) on ${report.machineBefore.date}, commit ${report.machineBefore.commit}${report.machineBefore.dirty ? " (with uncommitted changes)" : ""}.`,
  );
  out.push(
    `Workload: ${int(w.leads)} leads, ${int(w.events)} events (${(w.jsonBytes / 1e6).toFixed(1)} MB of JSON), \`leadscore/generate\` seed \`${w.seed}\`, about ${w.eventsPerLead} events per lead, scored as of ${w.asOf}. Medians of ${report.options.runs} interleaved runs after a warm-up (the parity pass).`,
    "",
  );
  out.push(
    report.parityOk
      ? "**Parity gate: passed.** Every implementation gave every lead the same fit, intent and total as leadscore's `scoreBatch` and the native core."
      : "**Parity gate: FAILED.** Nothing below was timed for the failing model; see the mismatches.",
    "",
  );

  const checks = targetChecks(report);
  if (checks.length) {
    out.push(
      "## Targets",
      "",
      "| target | model | measured | goal | status | how far |",
      "|---|---|---|---|---|---|",
    );
    for (const c of checks)
      out.push(
        `| ${c.target} | ${c.model} | ${c.measured} | ${c.goal} | ${status(c.pass)} | ${c.note} |`,
      );
    out.push("");
  }

  for (const model of report.models) {
    out.push(`## ${model.name} (${model.rules} rules, \`${model.path}\`)`, "");
    const failed = model.parity.checks.filter((c) => c.mismatches > 0);
    if (failed.length) {
      out.push("Parity mismatches (expected = `scoreBatch`, as [fit, intent, total]):", "");
      for (const c of failed)
        out.push(
          `- ${c.implementation}: ${c.mismatches} of ${c.leads} leads, e.g. ${c.examples.map((e) => `${e.leadId} expected ${JSON.stringify(e.expected)} got ${JSON.stringify(e.got)}`).join("; ")}`,
        );
      out.push("");
      continue;
    }
    out.push(
      `Parity: ${model.parity.checks.map((c) => c.implementation).join(", ")}: all ${int(model.parity.checks[0].leads)} leads equal.`,
      "",
    );
    out.push(
      "| implementation | input | leads/s | events/s | vs `scoreBatch` | median s (runs) |",
      "|---|---|---:|---:|---:|---|",
    );
    for (const r of model.throughput) {
      const sample = r.leads !== w.leads ? ` (first ${int(r.leads)} leads)` : "";
      out.push(
        `| ${r.label}${sample} | ${r.input} | ${int(r.leadsPerSecond)} | ${rate(r.eventsPerSecond)} | ${ratio(r.vsScoreBatch)} | ${fixed(r.medianSeconds, 3)} (${r.runsSeconds.map((s) => fixed(s, 2)).join(", ")}) |`,
      );
    }
    out.push(
      "",
      "\"vs `scoreBatch`\" is the row's rate over `scoreBatch`'s in the same round (median over rounds); above 1x is faster. The native rows are the native binary's own timing of each stage, run once per round in a fresh process (after one warm-up run in that process).",
      "",
    );
    if (model.native) {
      const n = model.native;
      out.push(
        `Native stages (s, median): parse ${fixed(n.parse.median, 3)}, score ${fixed(n.score.median, 3)}, serialize ${fixed(n.serialize.median, 3)}; parse+score+serialize ${fixed(n.parseScoreSerialize.median, 3)} (${int(n.resultBytes)} bytes of result JSON); peak RSS ${mib(n.peakRssBytes)}.`,
        "",
      );
    }
    if (model.update) {
      const u = model.update;
      out.push(
        `Incremental updates: ${int(u.calls)} calls, the first ${u.leads} leads' events one at a time, as of each event's time; ${u.passes} passes after a warm-up; each lead's last result checked against \`score\` of its history. Timer overhead ${fixed(u.timerOverheadUs, 3)} µs per call, not subtracted.`,
        "",
        "| implementation | median µs per call | mean | p90 | p99 |",
        "|---|---:|---:|---:|---:|",
      );
      for (const r of model.updates ?? [u])
        out.push(
          `| ${r.label ?? r.id} | **${fixed(r.medianUs)}** | ${fixed(r.meanUs)} | ${fixed(r.p90Us)} | ${fixed(r.p99Us)} |`,
        );
      if (u.native)
        out.push(
          `| native core, \`update_json\` (state bytes and event JSON, as the binding) | ${fixed(u.native.wireMedian * 1e6)} | ${fixed(u.native.wireMean * 1e6)} | | |`,
          `| native core, \`update\` with the state in memory | ${fixed(u.native.memoryMedian * 1e6)} | ${fixed(u.native.memoryMean * 1e6)} | | |`,
        );
      out.push("");
    }
    if (model.fresh?.length) {
      out.push(
        "First run over all leads in a fresh process (no warm-up), and that process's peak memory:",
        "",
        "| implementation | first run s | RSS before run | peak RSS | Wasm memory |",
        "|---|---:|---:|---:|---:|",
      );
      for (const f of model.fresh)
        out.push(
          `| ${f.label} | ${fixed(f.firstRunSeconds)} | ${mib(f.rssBeforeBytes)} | ${mib(f.maxRssBytes)} | ${f.wasmMemoryBytes ? mib(f.wasmMemoryBytes) : ""} |`,
        );
      out.push("");
    }
  }

  if (report.coldStart) {
    const c = report.coldStart;
    out.push(
      "## Cold start",
      "",
      `A fresh \`node bench/js/cold-start.mjs\` (import \`leadscore\`, instantiate, compile the default model, score one lead) against a bare \`node -e ""\`, alternated ${c.runs} times: median ${fixed(c.coldMedianMs, 1)} ms vs ${fixed(c.bareMedianMs, 1)} ms; added (median of the pairwise differences) **${fixed(c.addedMs, 1)} ms** (spawn times are noisy on a shared machine; the in-process stages below are steadier). Inside the process: import ${fixed(c.inProcess.importMs, 1)} ms, compile the model ${fixed(c.inProcess.compileModelMs, 1)} ms, first score ${fixed(c.inProcess.firstScoreMs, 1)} ms.` +
        (c.inProcessEagerWasmCompile
          ? ` With \`--no-wasm-lazy-compilation\` (V8 compiles every Wasm function at instantiation instead of on its first call): import ${fixed(c.inProcessEagerWasmCompile.importMs, 1)} ms, compile the model ${fixed(c.inProcessEagerWasmCompile.compileModelMs, 1)} ms, first score ${fixed(c.inProcessEagerWasmCompile.firstScoreMs, 1)} ms: most of the cold start is compiling Wasm code, in proportion to its size. \The first \`new WebAssembly.Module\` of the .wasm in a fresh process (validation; functions are compiled later): ${fixed(c.moduleCompileMs, 1)} ms.`
          : ""),
      "",
    );
  }
  if (report.sizes) {
    const s = report.sizes;
    out.push("## Size", "", "| file | raw | gzip -9 | brotli 11 |", "|---|---:|---:|---:|");
    const files = [
      s.wasm,
      s.wasmFull,
      ...s.nodeGlue,
      ...s.webGlue,
      s.visitorWasm,
      s.visitorScript,
    ].filter(Boolean);
    for (const f of files)
      out.push(`| \`${f.path}\` | ${int(f.raw)} | ${int(f.gzip)} | ${int(f.brotli)} |`);
    out.push("");
  }
  const m = report.machineBefore;
  const a = report.machineAfter;
  out.push(
    "## Machine",
    "",
    `${m.cpu}, ${m.cores} cores (shared with other work), ${m.memoryGiB} GiB; Node ${m.node} (V8 ${m.v8}); ${m.rustc}. Load average before ${m.loadAverage.join(" / ")}, after ${a.loadAverage.join(" / ")}. The whole run took ${fixed(report.elapsedSeconds, 0)} s.`,
    "",
  );
  return out.join("\n");
}
