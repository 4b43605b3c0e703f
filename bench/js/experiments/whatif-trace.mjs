// What an edit in the simulator costs, traced (a tool for choosing what to work on, not a
// benchmark: tracing inflates every figure). Opens the page built in --site DIR (default
// www/dist; `node www/build.mjs --dev` keeps the functions' names) with generated leads, makes
// --edits edits of the threshold and as many of a rule's points as bench/js/whatif-browser.mjs
// makes them (the field scrolled into view and a frame painted, then the edit in a task of its
// own), each traced, and prints:
// - per edit, where it falls against the frames: the last frame begun before the input, the
//   first lifecycle update (style, layout, paint) done after it, the frames begun, the painted
//   mark (the task after the frame's paint, as the benchmark's); then, per kind of edit, the
//   medians of the frame's start after the input, its lifecycle and the time from its end to
//   the mark;
// - per kind of edit, the median thread time of each timeline event on the page's main thread
//   (nested events are counted in their parents too);
// - the functions with the most of V8's samples (self and total; not with --no-profile, which
//   leaves the sampler's cost out of the other figures);
// - with --tree, the last two edits' main-thread events as a tree (wall and thread time); with
//   --invalidations, what their frames styled and laid out again and why (devtools' invalidation
//   tracking: each node by its place in the page, and each layout's dirty objects and whether it
//   was partial, from relayout boundaries, or from the document's root); with --threads, their
//   events on the compositor's, raster and viz threads (the commit, the draw);
// - --css FILE adds a style sheet to the page before the edits, to try a style without a build;
// - figures a build instrumented by hand keeps in `globalThis.__t` (`{ name: [ms] }`, one entry
//   an edit), as medians per kind of edit.
//   node bench/js/experiments/whatif-trace.mjs [--site DIR] [--leads 10000] [--events 50]
//        [--edits 8] [--no-profile] [--tree] [--all] [--invalidations] [--threads] [--css FILE]
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../../../scripts/serve.mjs";
import { launchChromium } from "../../../scripts/chromium.mjs";
import { fieldInView } from "../field-in-view.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : process.argv[at + 1];
};
const leads = Number(arg("leads", "10000"));
const events = Number(arg("events", "50"));
const edits = Number(arg("edits", "8"));
const site = await serve({ root: arg("site", join(repo, "www", "dist")), port: 0 });
const chromium = await launchChromium({ extraArgs: ["--js-flags=--max-old-space-size=8192"] });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
try {
  const page = await chromium.context.newPage();
  page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
  await page.goto(
    `${site.url}#model=b2b-default&leads=generated&n=${leads}&seed=1&events=${events}`,
  );
  await page.waitForFunction(
    (n) =>
      document.body.dataset.state === "ready" &&
      document
        .querySelector("#lead-range")
        .textContent.endsWith(`of ${n.toLocaleString("en-US")}`) &&
      document.body.dataset.reweighHere === "ready",
    leads,
    { timeout: 600_000, polling: 500 },
  );
  // --css FILE: a style sheet added to the page before the edits (to try a style without a build).
  if (arg("css", null))
    await page.addStyleTag({ content: (await import("node:fs")).readFileSync(arg("css"), "utf8") });
  const points = '[data-path="intent.rules[0].points"]';
  const base = Number(await page.inputValue(points));
  const edit = async (selector, value, tag) => {
    // As the benchmark: the field scrolled into view and a frame painted, then the edit in a task
    // of its own.
    await fieldInView(page, selector);
    return page.evaluate(
      ({ selector, value, tag }) =>
        new Promise((resolve) => {
          const body = document.body;
          const version = body.dataset.scoresVersion;
          const watch = new MutationObserver(() => {
            if (body.dataset.scoresVersion !== version && body.dataset.state === "ready") {
              watch.disconnect();
              requestAnimationFrame(() =>
                setTimeout(() => {
                  performance.mark(`leadscore-painted ${tag}`);
                  resolve(performance.now() - started);
                }),
              );
            }
          });
          watch.observe(body, {
            attributes: true,
            attributeFilter: ["data-state", "data-scores-version"],
          });
          const field = document.querySelector(selector);
          performance.mark(`leadscore-edit ${tag}`);
          const input = new Event("input", { bubbles: true });
          const started = input.timeStamp;
          field.value = String(value);
          field.dispatchEvent(input);
        }),
      { selector, value, tag },
    );
  };
  // Warm edits first (compiled code, the page's caches), untraced.
  for (let i = 0; i < 3; i++) {
    await edit('[data-path="mql.threshold"]', 41 + i, "w");
    await edit(points, base + 2 + i, "w");
  }
  await new Promise((r) => setTimeout(r, 500));
  const trace = [];
  const cdp = await chromium.context.newCDPSession(page);
  cdp.on("Tracing.dataCollected", ({ value }) => trace.push(...value));
  await cdp.send("Tracing.start", {
    categories: [
      "toplevel",
      "blink.user_timing",
      "__metadata",
      "devtools.timeline",
      "v8.execute",
      "disabled-by-default-devtools.timeline.frame",
      "blink",
      ...(process.argv.includes("--invalidations")
        ? ["disabled-by-default-devtools.timeline.invalidationTracking"]
        : []),
      ...(process.argv.includes("--threads") ? ["cc", "viz", "gpu", "benchmark"] : []),
    ].join(","),
    transferMode: "ReportEvents",
  });
  await page.evaluate(() => (globalThis.__t = {}));
  const profiled = !process.argv.includes("--no-profile");
  if (profiled) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
    await cdp.send("Profiler.start");
  }
  const wall = { t: [], p: [] };
  for (let i = 0; i < edits; i++) {
    wall.t.push(await edit('[data-path="mql.threshold"]', 40 + (i % 7), `t${i}`));
    wall.p.push(await edit(points, base + 1 + (i % 5), `p${i}`));
  }
  const { profile } = profiled
    ? await cdp.send("Profiler.stop")
    : { profile: { nodes: [], samples: [], timeDeltas: [], startTime: 0 } };
  // Figures an instrumented build keeps in globalThis.__t (name: [ms]): medians of the edits.
  const kept = await page.evaluate(() => globalThis.__t ?? {});
  for (const [name, xs] of Object.entries(kept)) {
    const last = xs.slice(-2 * edits);
    const t = median(last.filter((_, i) => i % 2 === 0));
    const p = median(last.filter((_, i) => i % 2 === 1));
    console.log(
      `in page: ${name.padEnd(40)} threshold ${t.toFixed(2)}, points ${p.toFixed(2)} ms (medians of ${last.length / 2} each)`,
    );
  }
  const done = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  await cdp.send("Tracing.end");
  await done;
  const threads = new Map();
  for (const e of trace)
    if (e.ph === "M" && e.name === "thread_name") threads.set(`${e.pid}:${e.tid}`, e.args.name);
  const spans = [];
  const open = new Map();
  let mainKey = null;
  for (const e of [...trace].sort((a, b) => a.ts - b.ts)) {
    const [what, tag] = e.name.split(" ");
    if (what === "leadscore-edit") open.set(tag, { tag, from: e.ts });
    else if (what === "leadscore-painted" && open.has(tag)) {
      spans.push({ ...open.get(tag), to: e.ts, phases: {}, self: {}, total: {} });
      mainKey = `${e.pid}:${e.tid}`;
    }
  }
  const inSpan = (ts) => spans.find((s) => ts >= s.from && ts <= s.to);
  for (const e of trace) {
    if (e.ph !== "X" || `${e.pid}:${e.tid}` !== mainKey || e.tdur === undefined) continue;
    const s = inSpan(e.ts);
    if (!s) continue;
    s.phases[e.name] = (s.phases[e.name] ?? 0) + e.tdur / 1000;
  }
  // V8's samples (the Profiler domain's, on the same clock as the trace).
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const name = (n) =>
    `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`;
  let time = profile.startTime;
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  for (let k = 0; k < profile.samples.length; k++) {
    time += profile.timeDeltas[k];
    const s = inSpan(time);
    if (!s) continue;
    const node = nodes.get(profile.samples[k]);
    s.self[name(node)] = (s.self[name(node)] ?? 0) + 0.1;
    const seen = new Set();
    for (let n = node; n; n = nodes.get(parent.get(n.id))) {
      const key = name(n);
      if (seen.has(key)) continue;
      seen.add(key);
      s.total[key] = (s.total[key] ?? 0) + 0.1;
    }
  }
  // Each edit's timing against the frames: the last BeginMainThreadFrame before the input, the
  // end of the input's work (the lifecycle update after it), the frames after, the painted mark.
  const frames = trace
    .filter((e) => e.name === "BeginMainThreadFrame" && `${e.pid}:${e.tid}` === mainKey)
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  const lifecycles = trace.filter(
    (e) =>
      e.name === "WebFrameWidgetImpl::UpdateLifecycle" &&
      e.ph === "X" &&
      `${e.pid}:${e.tid}` === mainKey,
  );
  const parts = { t: [], p: [] };
  for (const span of spans) {
    const before = frames.filter((t) => t < span.from).at(-1);
    const after = frames
      .filter((t) => t > span.from && t <= span.to)
      .map((t) => ((t - span.from) / 1000).toFixed(1));
    const first = lifecycles
      .filter((e) => e.ts > span.from && e.ts < span.to)
      .sort((a, b) => a.ts - b.ts)[0];
    const done = first ? ((first.ts + first.dur - span.from) / 1000).toFixed(1) : "-";
    console.log(
      `${span.tag}: previous frame ${((span.from - before) / 1000).toFixed(1)} ms before; first lifecycle done at ${done}; frames at ${after.join(", ")}; painted ${((span.to - span.from) / 1000).toFixed(1)}`,
    );
    if (first && after.length > 0)
      parts[span.tag[0]].push([
        Number(after[0]),
        (first.ts + first.dur) / 1000 - span.from / 1000 - Number(after[0]),
        (span.to - first.ts - first.dur) / 1000,
      ]);
  }
  // Where the wall clock goes, medians per kind: from the input to the frame's start, the
  // frame's lifecycle (its animation callbacks to the end of its paint), then to the mark.
  for (const [kind, xs] of Object.entries(parts))
    if (xs.length)
      console.log(
        `${kind === "t" ? "threshold" : "points"}: frame begins ${median(xs.map((x) => x[0])).toFixed(1)} ms after the input, its lifecycle ${median(xs.map((x) => x[1])).toFixed(1)} ms, then ${median(xs.map((x) => x[2])).toFixed(1)} ms to the mark (medians of ${xs.length})`,
      );
  // A node of the trace (its DOMNodeId, which is the backend node id) by its place in the page:
  // its element and three ancestors, each as tag#id.class.
  const where = async (backendNodeId) => {
    try {
      const { object } = await cdp.send("DOM.resolveNode", { backendNodeId });
      const { result } = await cdp.send("Runtime.callFunctionOn", {
        objectId: object.objectId,
        returnByValue: true,
        functionDeclaration: `function () {
          const name = (n) => n.nodeType === 3 ? "#text" : n.nodeName.toLowerCase() +
            (n.id ? "#" + n.id : "") + (n.classList?.length ? "." + [...n.classList].join(".") : "");
          const path = [];
          for (let n = this, k = 0; n && k < 4; n = n.parentNode, k++) path.unshift(name(n));
          return path.join(" > ");
        }`,
      });
      return result.value;
    } catch {
      return `node ${backendNodeId} (gone)`;
    }
  };
  if (process.argv.includes("--invalidations")) await cdp.send("DOM.getDocument", { depth: 0 });
  // What each edit's frame lays out and paints again, and why (with --invalidations).
  if (process.argv.includes("--invalidations"))
    for (const span of spans.slice(-2)) {
      const seen = new Map();
      for (const e of trace) {
        if (!/InvalidationTracking/.test(e.name) || e.ts < span.from || e.ts > span.to) continue;
        const d = e.args?.data ?? {};
        const key = `${e.name.replace("InvalidationTracking", "")} ${d.nodeName ?? ""} ${d.reason ?? d.changedAttribute ?? ""}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      console.log(`\n-- ${span.tag}: invalidations`);
      for (const [k, v] of [...seen].sort((a, b) => b[1] - a[1]).slice(0, 40))
        console.log(`  ${String(v).padStart(4)} ${k}`);
      // Where: each invalidated node and each layout's root, by its place in the page.
      const layouts = trace.filter(
        (e) => e.name === "Layout" && e.ph === "X" && e.ts >= span.from && e.ts <= span.to,
      );
      for (const e of layouts) {
        const { dirtyObjects, totalObjects, partialLayout } = e.args?.beginData ?? {};
        const roots = (e.args?.endData?.layoutRoots ?? []).map((r) => r.nodeId);
        console.log(
          `  layout: ${dirtyObjects} dirty of ${totalObjects}, partial ${partialLayout}, roots ${(await Promise.all(roots.map(where))).join(" | ")}`,
        );
      }
      const nodes = new Map();
      for (const e of trace) {
        if (!/InvalidationTracking/.test(e.name) || e.ts < span.from || e.ts > span.to) continue;
        const d = e.args?.data ?? {};
        if (d.nodeId === undefined) continue;
        const key = `${e.name.replace("InvalidationTracking", "")} ${d.reason ?? d.changedAttribute ?? ""} @ ${await where(d.nodeId)}`;
        nodes.set(key, (nodes.get(key) ?? 0) + 1);
      }
      for (const [k, v] of nodes) console.log(`  ${String(v).padStart(4)} ${k}`);
    }
  // With --threads, the last two edits' events on the page process's other threads (the
  // compositor, raster workers) and the browser's viz threads, in time order: what the main
  // thread's frame waits for between its paint and the benchmark's mark.
  if (process.argv.includes("--threads"))
    for (const span of spans.slice(-2)) {
      console.log(`\n-- ${span.tag}: other threads`);
      const es = trace
        .filter(
          (e) =>
            e.ph === "X" &&
            `${e.pid}:${e.tid}` !== mainKey &&
            threads.has(`${e.pid}:${e.tid}`) &&
            !/Worker/.test(threads.get(`${e.pid}:${e.tid}`)) &&
            e.ts >= span.from - 2000 &&
            e.ts <= span.to &&
            (e.dur ?? 0) >= 20,
        )
        .sort((a, b) => a.ts - b.ts);
      for (const e of es)
        console.log(
          `  ${((e.ts - span.from) / 1000).toFixed(2).padStart(6)} +${((e.dur ?? 0) / 1000).toFixed(2)} (cpu ${((e.tdur ?? 0) / 1000).toFixed(2)}) ${threads.get(`${e.pid}:${e.tid}`).padEnd(22)} ${e.name}`,
        );
    }
  if (process.argv.includes("--tree"))
    for (const span of spans.slice(-2)) {
      console.log(`\n-- ${span.tag}: ${((span.to - span.from) / 1000).toFixed(1)} ms`);
      const es = trace
        .filter(
          (e) =>
            (e.ph === "X" || (process.argv.includes("--all") && e.ph !== "M" && e.ph !== "P")) &&
            `${e.pid}:${e.tid}` === mainKey &&
            e.ts >= span.from &&
            e.ts <= span.to &&
            ((e.tdur ?? 0) > 50 || process.argv.includes("--all")),
        )
        .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
      const stack = [];
      for (const e of es) {
        while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
        const detail =
          e.args?.data?.functionName ||
          e.args?.data?.type ||
          e.args?.data?.url?.split("/").pop() ||
          "";
        console.log(
          `${"  ".repeat(stack.length)}${((e.ts - span.from) / 1000).toFixed(2)} +${((e.dur ?? 0) / 1000).toFixed(2)} (cpu ${((e.tdur ?? 0) / 1000).toFixed(2)}) ${e.ph} ${e.name} ${detail}`,
        );
        if (e.ph !== "X") continue;
        stack.push(e);
      }
    }
  for (const kind of ["t", "p"]) {
    const ss = spans.filter((s) => s.tag.startsWith(kind));
    console.log(
      `\n== ${kind === "t" ? "threshold" : "points"}: ${ss.length} edits, wall median ${median(wall[kind]).toFixed(1)} ms (${wall[kind].map((x) => x.toFixed(0)).join(" ")})`,
    );
    const names = new Set(ss.flatMap((s) => Object.keys(s.phases)));
    for (const n of [...names].sort())
      console.log(`  ${n.padEnd(48)} ${median(ss.map((s) => s.phases[n] ?? 0)).toFixed(2)} ms`);
    for (const which of ["self", "total"]) {
      const sum = {};
      for (const s of ss) for (const [k, v] of Object.entries(s[which])) sum[k] = (sum[k] ?? 0) + v;
      console.log(`  -- samples (${which}), ms per edit:`);
      for (const [k, v] of Object.entries(sum)
        .sort((a, b) => b[1] - a[1])
        .slice(0, which === "self" ? 25 : 45))
        console.log(`    ${(v / ss.length).toFixed(1).padStart(6)}  ${k}`);
    }
  }
} finally {
  await chromium.close();
  await site.close();
}
