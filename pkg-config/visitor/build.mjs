// Builds `leadscore/visitor` into pkg/visitor/ (after the small engine is in pkg/visitor/engine/):
// the ES module's files as they are, and the classic script, leadscore-visitor.min.js, bundled
// with the engine's glue by esbuild, with the engine's .wasm beside it as leadscore-visitor.wasm.
//   node pkg-config/visitor/build.mjs [pkg]
import { build } from "esbuild";
import { copyFileSync, existsSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(process.argv[2] ?? join(here, "..", "..", "pkg"), "visitor");
const MODULES = [
  "index.js",
  "api.js",
  "visitor.js",
  "options.js",
  "history.js",
  "privacy.js",
  "collect.js",
  "model-source.js",
  "engine.js",
  "index.d.ts",
];

if (!existsSync(join(out, "engine", "leadscore.js")))
  throw new Error("visitor/build.mjs: build the small engine first (pkg-config/build.sh)");
const unexpected = readdirSync(here).filter(
  (file) => !MODULES.includes(file) && !["build.mjs", "script.js"].includes(file),
);
if (unexpected.length > 0)
  throw new Error(
    `visitor/build.mjs: add ${unexpected.join(", ")} to MODULES (or to the files it leaves out)`,
  );
for (const file of MODULES) copyFileSync(join(here, file), join(out, file));
copyFileSync(join(here, "script.js"), join(out, "script.js"));
await build({
  entryPoints: [join(out, "script.js")],
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2020",
  minify: true,
  legalComments: "none",
  outfile: join(out, "leadscore-visitor.min.js"),
  // The glue's default `.wasm` URL reads import.meta.url, which a classic script has not; the
  // script always gives the URL itself.
  logOverride: { "empty-import-meta": "silent" },
  logLevel: "warning",
});
rmSync(join(out, "script.js"));
copyFileSync(join(out, "engine", "leadscore_bg.wasm"), join(out, "leadscore-visitor.wasm"));
