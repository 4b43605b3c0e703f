// What a report says of where it ran (the machine before and after) and what it measured the
// size of (the package's .wasm files and glue, gzipped and brotli-compressed).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem, freemem } from "node:os";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants as zlib } from "node:zlib";
import { ROOT } from "./workload.mjs";

export function machine() {
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

export function sizes() {
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
