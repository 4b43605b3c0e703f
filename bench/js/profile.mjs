// Where the time of leadscore's Wasm paths goes. Runs `scoreBatch` (objects and JSON text) and
// `update` on the workload with the V8 sampling profiler on (node:inspector), using a build of
// the package that keeps the Wasm function names (bench/profile.sh makes it: the same wasm-opt
// -O3 as the package, plus -g), and sums the profile's self time by stage: JSON.stringify of the
// leads, copying text into and out of Wasm, the Rust side (serde parsing, scoring, serializing,
// allocation), JSON.parse of the results. Also times each stage on its own.
//   node --expose-gc bench/js/profile.mjs [--leads N] [--model default|rules100] [--out FILE]
import { Session } from "node:inspector/promises";
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AS_OF, BENCH_DIR, loadLeads, loadModels } from "./workload.mjs";
import { median } from "./stats.mjs";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const leadCount = Number(opt("--leads", 10000));
const modelKey = opt("--model", "default");
const require = createRequire(import.meta.url);
const { Scorer } = require(join(BENCH_DIR, ".work/pkg-profile/leadscore.cjs"));
const model = loadModels().find((m) => m.key === modelKey);
const workload = loadLeads(leadCount, { write: false });
const scorer = new Scorer(model.text);
const options = { asOf: AS_OF };

const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 200 });

async function profiled(work) {
  globalThis.gc?.();
  await session.post("Profiler.start");
  const start = performance.now();
  work();
  const ms = performance.now() - start;
  const { profile } = await session.post("Profiler.stop");
  return { ms, profile };
}

const glueLines = readFileSync(join(BENCH_DIR, ".work/pkg-profile/leadscore.cjs"), "utf8").split(
  "\n",
);

/** A readable name for a JS frame: glue import functions are anonymous, so name them by the
 * `__wbg_<import>` entry they sit in. */
function frameName(frame) {
  if (frame.url.startsWith("wasm://")) return `wasm ${frame.functionName}`;
  if (frame.url.endsWith("leadscore.cjs")) {
    for (let line = frame.lineNumber; line >= Math.max(0, frame.lineNumber - 3); line--) {
      const found = /(__wbg_[a-z_]+?)_[0-9a-f]{16}/.exec(glueLines[line] ?? "");
      if (found) return `glue ${found[1]}`;
    }
    return `glue ${frame.functionName || "(anonymous)"}`;
  }
  const where = frame.url
    ? ` ${frame.url.split("/").slice(-2).join("/")}:${frame.lineNumber + 1}`
    : "";
  return `${frame.functionName || "(anonymous)"}${where}`;
}

/** Self time by function, from a V8 CPU profile. */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const dt = profile.timeDeltas[i] / 1000;
    const key = frameName(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  return self;
}

// Samples taken while the inspector itself starts and stops the profiler: left out of the sums.
const PROFILER = "the profiler itself (left out)";

/** Which stage a function's self time belongs to. */
function stageOf(name) {
  if (name.startsWith("glue __wbg_stringify")) return "JS: JSON.stringify of the input objects";
  if (name.startsWith("glue __wbg_parse")) return "JS: JSON.parse of the results";
  if (name.startsWith("glue passStringToWasm0")) return "JS: copying text into Wasm (UTF-8 encode)";
  if (name.startsWith("glue getStringFromWasm0") || name.startsWith("glue decodeText"))
    return "JS: copying text out of Wasm (UTF-8 decode)";
  if (name.startsWith("glue ")) return "JS: other binding glue";
  if (name.startsWith("wasm ")) {
    const n = name.slice(5);
    if (
      /dlmalloc|__rust_alloc|__rust_realloc|__rust_dealloc|__rdl_|raw_vec|RawVec|memcpy|memmove|memset|finish_grow|grow_one|reserve/.test(
        n,
      )
    )
      return "Wasm: allocation and memory copies";
    if (
      /core::fmt|core\[[0-9a-f]+\]::fmt|fmt::|Formatter|to_rfc3339|alloc::fmt|format_inner/.test(n)
    )
      return "Wasm: formatting text (core::fmt: times, messages, numbers)";
    if (/serde_json::ser|::ser::|[Ss]erialize|ryu|itoa|format_escaped/.test(n))
      return "Wasm: serializing results (serde_json)";
    if (
      /serde_json::de|serde_json::read|serde_core::de|[Dd]eserialize|leadscore::lead::|leadscore::value::|leadscore::time::|chrono|RawValue|parse_lead/.test(
        n,
      )
    )
      return "Wasm: parsing leads (serde_json, times)";
    if (/leadscore::(engine|condition|decay|model|sort|result|error)|hashbrown|FxHash/.test(n))
      return "Wasm: scoring (prepare, fold, caps, result)";
    if (/wasm_bindgen|js_sys|__wbindgen|externref/.test(n)) return "Wasm: binding glue";
    return "Wasm: other";
  }
  if (name.startsWith("(garbage collector)")) return "garbage collection";
  if (name === "dispatch") return PROFILER;
  return "other (JS, V8 runtime, profiler)";
}

function summarize(profile) {
  const self = selfTimes(profile);
  const stages = new Map();
  let total = 0;
  for (const [name, ms] of self) {
    const stage = stageOf(name);
    if (stage === PROFILER) {
      self.delete(name);
      continue;
    }
    stages.set(stage, (stages.get(stage) ?? 0) + ms);
    total += ms;
  }
  const top = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([name, ms]) => ({ name, ms: +ms.toFixed(1), share: +(ms / total).toFixed(3) }));
  return {
    totalMs: +total.toFixed(1),
    stages: Object.fromEntries(
      [...stages]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, { ms: +v.toFixed(1), share: +(v / total).toFixed(3) }]),
    ),
    top,
  };
}

const report = { model: model.name, leads: workload.count, events: workload.events };
// Cold: the very first call in this process.
const cold = await profiled(() => scorer.scoreBatch(workload.leads, options));
report.firstScoreBatchObjects = { ms: +cold.ms.toFixed(0), ...summarize(cold.profile) };
// Warm: the same call again, then the text path.
scorer.scoreBatch(workload.leads, options);
const warm = await profiled(() => scorer.scoreBatch(workload.leads, options));
report.scoreBatchObjects = { ms: +warm.ms.toFixed(0), ...summarize(warm.profile) };
const text = await profiled(() => scorer.scoreBatch(workload.text, options));
report.scoreBatchText = { ms: +text.ms.toFixed(0), ...summarize(text.profile) };

// Each boundary stage on its own (median of 3), for the same data.
const time = (work) =>
  median(
    [0, 1, 2].map(() => {
      globalThis.gc?.();
      const t = performance.now();
      work();
      return performance.now() - t;
    }),
  );
const results = scorer.scoreBatch(workload.text, options);
const resultText = JSON.stringify(results);
const encoder = new TextEncoder();
const encoded = encoder.encode(resultText);
report.stagesAlone = {
  "JSON.stringify(leads) ms": +time(() => JSON.stringify(workload.leads)).toFixed(1),
  "TextEncoder.encode(leads text) ms": +time(() => encoder.encode(workload.text)).toFixed(1),
  "TextDecoder.decode(results text) ms": +time(() => new TextDecoder().decode(encoded)).toFixed(1),
  "JSON.parse(results text) ms": +time(() => JSON.parse(resultText)).toFixed(1),
  "results text bytes": encoded.length,
  "leads text bytes": Buffer.byteLength(workload.text),
};

// Incremental updates: one event per call, the first 100 leads.
const leads = workload.leads.slice(0, 100);
const runUpdates = () => {
  for (const lead of leads) {
    let state = scorer.initState({ id: lead.id, attributes: lead.attributes });
    for (const event of lead.events)
      state = scorer.update(state, [event], { asOf: event.at }).state;
  }
};
runUpdates();
const calls = leads.reduce((n, l) => n + l.events.length, 0);
const upd = await profiled(runUpdates);
report.update = {
  calls,
  usPerCall: +((upd.ms * 1000) / calls).toFixed(2),
  ...summarize(upd.profile),
};

function markdown(report) {
  const lines = [
    `## ${report.model}: ${report.leads.toLocaleString("en-US")} leads, ${report.events.toLocaleString("en-US")} events`,
    "",
  ];
  const section = (title, entry, unit) => {
    lines.push(`### ${title}: ${unit}`, "", "| stage | self ms | share |", "|---|---:|---:|");
    for (const [stage, v] of Object.entries(entry.stages))
      lines.push(`| ${stage} | ${v.ms.toFixed(0)} | ${(v.share * 100).toFixed(1)}% |`);
    lines.push(
      "",
      "Top functions by self time: " +
        entry.top
          .slice(0, 8)
          .map(
            (t) =>
              `\`${t.name.replace(/::h[0-9a-f]{16}$/, "").slice(0, 90)}\` ${t.ms.toFixed(0)} ms`,
          )
          .join("; "),
      "",
    );
  };
  section(
    "First `scoreBatch` (objects) in the process",
    report.firstScoreBatchObjects,
    `${report.firstScoreBatchObjects.ms} ms`,
  );
  section(
    "`scoreBatch` (objects), warm",
    report.scoreBatchObjects,
    `${report.scoreBatchObjects.ms} ms`,
  );
  section(
    "`scoreBatch` (JSON text), warm",
    report.scoreBatchText,
    `${report.scoreBatchText.ms} ms`,
  );
  section(
    `\`update\`, one event per call (${report.update.calls} calls)`,
    report.update,
    `${report.update.usPerCall} µs per call`,
  );
  lines.push(
    "Each boundary stage alone, same data (median of 3): " +
      Object.entries(report.stagesAlone)
        .map(([k, v]) => `${k} ${v.toLocaleString("en-US")}`)
        .join("; ") +
      ".",
    "",
  );
  return lines.join("\n");
}

const out = opt("--out", null);
if (out) {
  writeFileSync(`${out}.json`, JSON.stringify(report, null, 2) + "\n");
  writeFileSync(`${out}.md`, markdown(report));
}
process.stdout.write(markdown(report));
