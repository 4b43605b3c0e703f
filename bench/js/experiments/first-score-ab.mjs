// The visitor scorer's first score in two builds of the demo site, their page loads alternating
// in one headless Chromium (so a busy machine's load falls on both alike): per load, script start
// to first score with the network taken out (as budgets.mjs measures it: the fetches of the
// .wasm and the model that overlap it are subtracted), the wall time, and when the .wasm was
// asked for after the script's start. Medians.
//   node bench/js/experiments/first-score-ab.mjs DIR_A DIR_B [--loads N]
// (each DIR a built demo site, as `node www/build.mjs` writes www/dist/demo; copy one aside
// before changing anything).
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../../../scripts/chromium.mjs";
import { serveDemo } from "../../../www/demo/serve.mjs";
import { median } from "../stats.mjs";
import { firstScoreTiming } from "../budgets.mjs";

const args = process.argv.slice(2);
const at = args.indexOf("--loads");
const loads = at >= 0 ? Number(args[at + 1]) : 15;
const roots = args.filter((arg, i) => !arg.startsWith("--") && args[i - 1] !== "--loads");
if (roots.length !== 2 || !(loads > 0)) {
  console.error("usage: node bench/js/experiments/first-score-ab.mjs DIR_A DIR_B [--loads N]");
  process.exit(2);
}
const servers = await Promise.all(roots.map((root) => serveDemo({ port: 0, root })));
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_ARGS,
});
const found = roots.map(() => ({ net: [], wall: [], wasmAsked: [] }));
try {
  for (let load = 0; load < loads; load++) {
    for (const i of load % 2 ? [1, 0] : [0, 1]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(new URL("pricing.html", servers[i].url).href);
      const t = await firstScoreTiming(page);
      found[i].net.push(t.total - t.fetched);
      found[i].wall.push(t.total);
      found[i].wasmAsked.push(t.wasmAsked);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await Promise.all(servers.map((server) => server.close()));
}
roots.forEach((root, i) =>
  console.log(
    `${root}: first score (network out) ${median(found[i].net).toFixed(1)} ms, wall ${median(found[i].wall).toFixed(1)} ms, .wasm asked for ${median(found[i].wasmAsked).toFixed(1)} ms after the script's start (${loads} loads)`,
  ),
);
