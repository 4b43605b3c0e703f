// The native core's binary (bench/native, built by scripts/bench.sh): its own timing of each
// stage, the totals the parity gate checks, and one round of its batch stages.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AS_OF, BENCH_DIR, ROOT } from "./workload.mjs";

export const NATIVE_BIN = join(ROOT, "target/release/leadscore-bench-native");

/** The binary's JSON report for `model` over the workload's leads, with `args` added. */
function runBinary(model, workload, args) {
  if (!existsSync(NATIVE_BIN))
    throw new Error(
      `${NATIVE_BIN} is missing: build it with scripts/bench.sh (or cargo build --release --manifest-path bench/native/Cargo.toml --target-dir target)`,
    );
  const out = execFileSync(
    NATIVE_BIN,
    ["--model", model.path, "--leads", workload.file, "--as-of", AS_OF, ...args],
    { encoding: "utf8", maxBuffer: 1 << 24 },
  );
  return JSON.parse(out);
}

/** The binary's report over `options.runs` runs, and the totals it scored for the parity gate. */
export function runNative(model, workload, options) {
  const totalsFile = join(BENCH_DIR, ".work", `native-totals-${model.key}.json`);
  const report = runBinary(model, workload, [
    "--runs",
    String(options.runs),
    "--update-leads",
    String(options.updateLeads),
    "--totals",
    totalsFile,
  ]);
  const totals = JSON.parse(readFileSync(totalsFile, "utf8"));
  return { report, totals };
}

/** One run of the native binary's batch stages (its own timing of each, after a warm-up). */
export function nativeRound(model, workload) {
  const report = runBinary(model, workload, ["--runs", "1", "--only", "batch"]);
  return { full: report.parseScoreSerialize.runs[0], score: report.score.runs[0] };
}
