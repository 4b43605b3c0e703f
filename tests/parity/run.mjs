#!/usr/bin/env node
// Parity to the byte: generated leads (`leadscore generate`) scored with varied models natively,
// by the npm package in Node (`scoreBatch` from JSON text and from objects) and in headless
// Chromium must give byte-identical serialized results. For each model the SHA-256 of every
// tier's results (JSON Lines, one result per lead) is printed; on a mismatch, the first lead and
// field that differ, and the exit code is 1.
//
//   node tests/parity/run.mjs [--leads 5000] [--seed parity] [--events-per-lead 50]
//       [--as-of 2026-11-20T17:00:00Z] [--release] [--tiers native,node-text,node-objects,small-engine,chromium]
//       [--tier NAME="COMMAND ARGS"]...
//
// Needs pkg/ built (bash pkg-config/build.sh) and Chromium at /usr/bin/chromium. --release
// builds the native tier optimized (for large runs). --tier adds a tier run as
// `COMMAND ARGS MODEL LEADS.jsonl AS_OF OUT.jsonl` (see tiers.mjs). Work files go to
// target/parity/.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromiumTier, commandTier, nativeTier, nodeTier, smallEngineTier } from "./tiers.mjs";
import { describeDifference, firstDifferentLine, sha256 } from "./compare.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const { values: options } = parseOptions({
  options: {
    leads: { type: "string", default: "5000" },
    seed: { type: "string", default: "parity" },
    "events-per-lead": { type: "string", default: "50" },
    "as-of": { type: "string", default: "2026-11-20T17:00:00Z" },
    release: { type: "boolean", default: false },
    tiers: { type: "string", default: "native,node-text,node-objects,small-engine,chromium" },
    tier: { type: "string", multiple: true, default: [] },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (options.help) {
  console.log(usage());
  process.exit(0);
}

/** The comment that opens this file. */
function usage() {
  const lines = readFileSync(fileURLToPath(import.meta.url), "utf8")
    .split("\n")
    .slice(1);
  const end = lines.findIndex((line) => !line.startsWith("//"));
  return lines
    .slice(0, end)
    .map((line) => line.replace(/^\/\/ ?/, ""))
    .join("\n");
}

/** `parseArgs`, with a wrong option told in one line and the usage, not a stack trace. */
function parseOptions(config) {
  try {
    return parseArgs(config);
  } catch (error) {
    console.error(`parity: ${error.message}\n\n${usage()}`);
    process.exit(2);
  }
}

/** The models: the examples, the 100-rule benchmark model and the parity models. */
function models() {
  const dirs = ["examples/models", "tests/parity/models"];
  const paths = [
    ...dirs.flatMap((dir) =>
      readdirSync(join(repo, dir))
        .filter((f) => f.endsWith(".json"))
        .map((f) => join(repo, dir, f)),
    ),
    join(repo, "bench/models/b2b-100-rules.json"),
  ];
  return paths.map((path) => ({
    name: basename(path, ".json"),
    path,
    text: readFileSync(path, "utf8"),
  }));
}

function tiers() {
  const known = {
    native: () => nativeTier({ repo, release: options.release }),
    "node-text": () => nodeTier("text"),
    "node-objects": () => nodeTier("objects"),
    chromium: () => chromiumTier({ repo }),
    "small-engine": () => smallEngineTier({ repo }),
  };
  const chosen = options.tiers
    .split(",")
    .filter(Boolean)
    .map((name) => {
      if (!known[name])
        throw new Error(`unknown tier ${name} (expected: ${Object.keys(known).join(", ")})`);
      return known[name]();
    });
  for (const spec of options.tier) {
    const [name, command] = [spec.slice(0, spec.indexOf("=")), spec.slice(spec.indexOf("=") + 1)];
    if (!name || !command) throw new Error(`--tier takes NAME="COMMAND ARGS", not ${spec}`);
    chosen.push(commandTier(name, command.split(/\s+/).filter(Boolean), { cwd: repo }));
  }
  if (chosen.length < 2) throw new Error("parity needs at least two tiers");
  return chosen;
}

function generate(work) {
  const leadsPath = join(work, "leads.jsonl");
  const args = [
    "pkg/bin/leadscore.mjs",
    "generate",
    "--leads",
    options.leads,
    "--seed",
    options.seed,
    "--events-per-lead",
    options["events-per-lead"],
    "--out",
    leadsPath,
    "--quiet",
  ];
  const done = spawnSync(process.execPath, args, { cwd: repo, stdio: "inherit" });
  if (done.status !== 0)
    throw new Error(`leadscore generate failed (exit ${done.status}); is pkg/ built?`);
  return leadsPath;
}

const seconds = (since) => ((performance.now() - since) / 1000).toFixed(1);

async function main() {
  const work = join(repo, "target", "parity");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const [chosen, all] = [tiers(), models()];
  let started = performance.now();
  const leadsPath = generate(work);
  const size = (statSync(leadsPath).size / 1e6).toFixed(0);
  console.log(
    `parity: ${options.leads} leads (seed ${JSON.stringify(options.seed)}, ${size} MB), ${all.length} models, as of ${options["as-of"]}; generated in ${seconds(started)} s`,
  );
  for (const tier of chosen) {
    const outDir = join(work, tier.name);
    mkdirSync(outDir);
    if (tier.prepare) {
      started = performance.now();
      await tier.prepare();
      console.log(`  ${tier.name.padEnd(12)} prepared (built) in ${seconds(started)} s`);
    }
    started = performance.now();
    await tier.run({ models: all, leadsPath, asOf: options["as-of"], outDir });
    console.log(`  ${tier.name.padEnd(12)} scored every model in ${seconds(started)} s`);
  }
  let failures = 0;
  for (const model of all) {
    const outputs = chosen.map((tier) => ({
      tier: tier.name,
      path: join(work, tier.name, `${model.name}.jsonl`),
    }));
    const hashes = await Promise.all(outputs.map((o) => sha256(o.path)));
    const agree = hashes.every((hash) => hash === hashes[0]);
    console.log(
      `  ${agree ? "ok  " : "FAIL"} ${model.name.padEnd(24)} sha256 ${agree ? hashes[0] : hashes.map((h, i) => `${outputs[i].tier}=${h.slice(0, 16)}`).join(" ")}`,
    );
    for (let i = 1; i < outputs.length; i++) {
      if (hashes[i] === hashes[0]) continue;
      failures++;
      const difference = await firstDifferentLine(outputs[0].path, outputs[i].path);
      console.log(
        `       ${outputs[i].tier} against ${outputs[0].tier}: ${difference ? describeDifference(difference) : "same lines, different bytes"}`,
      );
    }
  }
  if (failures > 0) {
    console.log(`parity: FAILED (${failures} mismatches; outputs kept in ${work})`);
    process.exitCode = 1;
  } else {
    console.log(
      `parity: ok, ${chosen.map((t) => t.name).join(", ")} agree to the byte on ${all.length} models x ${options.leads} leads`,
    );
  }
}

main().catch((error) => {
  console.error(`parity: ${error.message}`);
  process.exitCode = 2;
});
