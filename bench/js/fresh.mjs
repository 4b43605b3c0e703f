// Fresh processes: each row's first call and peak memory, and the added cold start of
// `leadscore` against a bare `node -e ""`.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { median } from "./stats.mjs";
import { BENCH_DIR, ROOT } from "./workload.mjs";

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

export function measureColdStart(coldRuns) {
  const script = join(BENCH_DIR, "js/cold-start.mjs");
  for (let i = 0; i < 3; i++) {
    nodeRun(["-e", ""]);
    nodeRun([script]);
  }
  const bare = [];
  const cold = [];
  const diffs = [];
  const stages = [];
  for (let i = 0; i < coldRuns; i++) {
    const b = nodeRun(["-e", ""]).ms;
    const c = nodeRun([script]).ms;
    bare.push(b);
    cold.push(c);
    diffs.push(c - b);
  }
  for (let i = 0; i < Math.min(coldRuns, 10); i++)
    stages.push(JSON.parse(nodeRun([script], { BENCH_REPORT: "1" }).stdout));
  // The same with V8 compiling the whole module up front (Liftoff) instead of each function on
  // its first call: shows how much of "compile the model" and "first score" is Wasm compilation.
  const eager = [];
  for (let i = 0; i < Math.min(coldRuns, 10); i++)
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
    runs: coldRuns,
    bareMedianMs: median(bare),
    coldMedianMs: median(cold),
    addedMs: median(diffs),
    inProcess: stageMedians(stages),
    inProcessEagerWasmCompile: stageMedians(eager),
    moduleCompileMs: median(moduleCompile),
  };
}

export function freshRuns(rows, model, workload, log) {
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
