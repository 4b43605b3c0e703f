// Builds the what-if simulator into www/dist/: the page's script and styles and its worker
// (bundled by esbuild, the worker with leadscore/full's browser build, which alone has the
// `LeadSet`), index.html, and the full .wasm beside the worker (the browser entry fetches it with
// `new URL("./leadscore_bg.wasm", import.meta.url)`) and the calibration and accounts views'
// worker (loaded only when a view needs it) beside it, on the same .wasm; then the visitor
// scorer's demo site (www/demo/build.mjs). Needs pkg/ built and linked as node_modules/leadscore
// (bash pkg-config/build.sh). Prints the sizes, raw and gzipped.
//   node www/build.mjs [--dev]   (--dev: not minified, with source maps)
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const www = dirname(fileURLToPath(import.meta.url));
const dist = join(www, "dist");
const dev = process.argv.includes("--dev");

let fullWasm;
try {
  const require = createRequire(join(www, "..", "package.json"));
  fullWasm = require.resolve("leadscore/full_bg.wasm");
} catch {
  console.error("www/build.mjs: leadscore is not built: run `bash pkg-config/build.sh` first");
  process.exit(2);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const result = await build({
  absWorkingDir: www,
  entryPoints: {
    main: "src/main.js",
    worker: "src/worker.js",
    // The calibration and accounts views' worker, beside the scoring worker: both load the same
    // full .wasm from one URL, so a browser fetches and caches it once.
    "full-worker": "src/full-worker.js",
  },
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  outdir: dist,
  minify: !dev,
  sourcemap: dev,
  legalComments: "linked",
  metafile: true,
  logLevel: "warning",
});
copyFileSync(fullWasm, join(dist, "leadscore_bg.wasm"));
copyFileSync(join(www, "index.html"), join(dist, "index.html"));

// Nothing of Node or of the command line may reach the bundle.
const inputs = Object.keys(result.metafile.inputs);
const strays = inputs.filter((path) =>
  /leadscore\/(node|bin)\/|cli\/(main|score|formats|lead-sources|streams)|commander|csv-parse|csv-stringify|cli-progress/.test(
    path,
  ),
);
if (strays.length > 0) {
  console.error(`www/build.mjs: the bundle pulled in modules meant for Node: ${strays.join(", ")}`);
  process.exit(1);
}

const size = (file) => {
  const bytes = readFileSync(file);
  return `${(bytes.length / 1024).toFixed(1)} KB (${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KB gzipped)`;
};
for (const file of ["main.js", "main.css", "worker.js", "full-worker.js", "leadscore_bg.wasm"]) {
  const path = join(dist, file);
  if (statSync(path, { throwIfNoEntry: false }))
    console.log(`  ${relative(process.cwd(), path).padEnd(32)} ${size(path)}`);
}
console.log(
  `built the simulator in ${relative(process.cwd(), dist) || "."}: serve it with \`node scripts/serve.mjs\``,
);

// The visitor scorer's demo site, into dist/demo/ (served by www/demo/serve.mjs).
await import("./demo/build.mjs");
