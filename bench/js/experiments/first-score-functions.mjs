// Which of the small engine's functions V8 compiles before the visitor's first score: one traced
// page load of a built demo site, the `wasm.CompileLazy` events between the visitor's
// `leadscore:start` and `leadscore:first-score` marks, their count and their bytes of code (from
// the demo's .wasm), the largest listed; with `--names FILE` (the same .wasm built with its
// names kept: wasm-opt with the same flags and -g) by name. Unlike times on this machine, the
// functions and bytes do not move between loads: they follow the code on the first score's path.
//   node bench/js/experiments/first-score-functions.mjs [DIR] [--names FILE] [--top N]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../../../scripts/chromium.mjs";
import { serveDemo } from "../../../www/demo/serve.mjs";
import { firstScoreTiming } from "../budgets.mjs";

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const root =
  args.find((arg, i) => !arg.startsWith("--") && !args[i - 1]?.startsWith("--")) ?? "www/dist/demo";
const top = Number(option("--top") ?? 15);
const names = option("--names");

/** A reader of LEB128 numbers over `bytes` from `at`. */
function reader(bytes, at = 0) {
  return {
    get at() {
      return at;
    },
    skip(n) {
      at += n;
    },
    leb() {
      let value = 0;
      for (let shift = 0; ; shift += 7) {
        const byte = bytes[at++];
        value += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) return value;
      }
    },
  };
}

/** Bytes of code per function index (imports first in the index space), and the names if any. */
function functionsOf(bytes) {
  const r = reader(bytes, 8);
  const sizes = new Map();
  const named = new Map();
  let imports = 0;
  while (r.at < bytes.length) {
    const id = bytes[r.at];
    r.skip(1);
    const size = r.leb();
    const end = r.at + size;
    if (id === 2) {
      for (let n = r.leb(); n > 0; n--) {
        r.skip(r.leb());
        r.skip(r.leb());
        const kind = bytes[r.at];
        r.skip(1);
        if (kind === 0) {
          r.leb();
          imports++;
        } else if (kind === 1 || kind === 2) {
          if (kind === 1) r.skip(1);
          const flags = bytes[r.at];
          r.skip(1);
          r.leb();
          if (flags & 1) r.leb();
        } else r.skip(2);
      }
    } else if (id === 10) {
      for (let n = r.leb(), i = 0; i < n; i++) {
        const length = r.leb();
        sizes.set(imports + i, length);
        r.skip(length);
      }
    } else if (id === 0) {
      const length = r.leb();
      const title = new TextDecoder().decode(bytes.subarray(r.at, r.at + length));
      r.skip(length);
      while (title === "name" && r.at < end) {
        const sub = bytes[r.at];
        r.skip(1);
        const subEnd = r.leb() + r.at;
        if (sub === 1)
          for (let n = r.leb(); n > 0; n--) {
            const index = r.leb();
            const length = r.leb();
            named.set(index, new TextDecoder().decode(bytes.subarray(r.at, r.at + length)));
            r.skip(length);
          }
        r.skip(subEnd - r.at);
      }
    }
    r.skip(end - r.at);
  }
  return { sizes, named };
}

const { sizes } = functionsOf(readFileSync(join(root, "assets", "leadscore-visitor.wasm")));
const { named } = names ? functionsOf(readFileSync(names)) : { named: new Map() };
const server = await serveDemo({ port: 0, root });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_ARGS,
});
let compiled;
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  await browser.startTracing(page, { categories: ["v8.wasm", "blink.user_timing"] });
  await page.goto(new URL("pricing.html", server.url).href);
  await firstScoreTiming(page);
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  await context.close();
  const start = events.find((event) => event.name === "leadscore:start");
  const end = events.find((event) => event.name === "leadscore:first-score");
  compiled = events
    .filter((e) => e.name === "wasm.CompileLazy" && e.ts >= start.ts && e.ts < end.ts)
    .map((e) => e.args.func_index);
} finally {
  await browser.close();
  await server.close();
}
const rows = [...new Set(compiled)].map((index) => [index, sizes.get(index) ?? 0]);
const total = rows.reduce((sum, [, size]) => sum + size, 0);
console.log(
  `${root}: ${rows.length} functions, ${total.toLocaleString("en")} bytes of code compiled lazily before the first score (of ${sizes.size} functions)`,
);
for (const [index, size] of rows.sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`  ${String(size).padStart(7)}  ${named.get(index) ?? `function ${index}`}`);
