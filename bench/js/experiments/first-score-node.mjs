// The small engine's first score in Node, two builds side by side: fresh processes, alternating
// A and B, each instantiating the visitor's .wasm from bytes and timing, with V8 compiling the
// first calls lazily as a browser does, the visitor's first score: loading the demo's compiled
// model (`new Scorer`) and scoring a one-page-view lead. No page, layout or network around it,
// so it shows the engine's own part of the first score that headless Chromium on a loaded
// machine buries in noise. Medians of wall time and of the process's CPU time (all threads).
//   node bench/js/experiments/first-score-node.mjs PKG_A PKG_B [--runs N]
// (each PKG a built pkg/ directory: copy one aside before changing anything).
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { median } from "../stats.mjs";

const here = fileURLToPath(import.meta.url);

/** One fresh process's first score, in the child: `{ ms, cpuMs }` printed as JSON. */
async function child(pkg, compiledPath) {
  const engine = join(pkg, "visitor", "engine");
  const { default: init, Scorer } = await import(pathToFileURL(join(engine, "leadscore.js")).href);
  await init({ module_or_path: readFileSync(join(engine, "leadscore_bg.wasm")) });
  const compiled = JSON.parse(readFileSync(compiledPath, "utf8"));
  const bytes = Uint8Array.from(atob(compiled.bytes), (c) => c.charCodeAt(0));
  const at = Date.parse("2026-11-21T09:30:00Z");
  const lead = {
    id: "v-1",
    attributes: {},
    events: [
      { id: "e-1", type: "page_view", at, props: { path: "/pricing.html", title: "Pricing" } },
    ],
  };
  const cpu = process.cpuUsage();
  const t = performance.now();
  const scorer = new Scorer(bytes);
  const result = scorer.score(lead, at);
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  if (typeof result.intent !== "number") throw new Error(`no score: ${JSON.stringify(result)}`);
  console.log(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000 }));
}

if (process.argv[2] === "--child") {
  await child(process.argv[3], process.argv[4]);
} else {
  const args = process.argv.slice(2);
  const at = args.indexOf("--runs");
  const runs = at >= 0 ? Number(args[at + 1]) : 21;
  const pkgs = args
    .filter((arg, i) => !arg.startsWith("--") && args[i - 1] !== "--runs")
    .map((p) => resolve(p));
  if (pkgs.length !== 2 || !(runs > 0)) {
    console.error("usage: node bench/js/experiments/first-score-node.mjs PKG_A PKG_B [--runs N]");
    process.exit(2);
  }
  const root = join(here, "..", "..", "..", "..");
  // The demo's model compiled by this checkout's command (both builds read the same format).
  const compiledPath = join(tmpdir(), `first-score-node-${process.pid}.json`);
  const command = join(root, "pkg", "bin", "leadscore.mjs");
  const model = join(root, "www", "demo", "model.json");
  writeFileSync(compiledPath, execFileSync(process.execPath, [command, "compile", model]));
  const found = pkgs.map(() => ({ ms: [], cpuMs: [] }));
  for (let run = 0; run < runs; run++) {
    for (const i of run % 2 ? [1, 0] : [0, 1]) {
      const out = execFileSync(process.execPath, [here, "--child", pkgs[i], compiledPath], {
        encoding: "utf8",
      });
      const { ms, cpuMs } = JSON.parse(out);
      found[i].ms.push(ms);
      found[i].cpuMs.push(cpuMs);
    }
  }
  rmSync(compiledPath);
  pkgs.forEach((pkg, i) =>
    console.log(
      `${pkg}: first score (new Scorer and score) ${median(found[i].ms).toFixed(2)} ms, CPU ${median(found[i].cpuMs).toFixed(2)} ms (${runs} processes)`,
    ),
  );
}
