// The runtimes the parity check compares. A tier scores every lead of a JSON Lines file with
// each model and writes, per model, one result per line as that runtime serializes it
// (`${outDir}/${model.name}.jsonl`): `run({ models, leadsPath, asOf, outDir, log })`, where each
// model is `{ name, path, text }`.
//
// Any program can be a tier through `commandTier(name, argv)`: it is run once per model as
// `argv... MODEL.json LEADS.jsonl AS_OF OUT.jsonl` and must write OUT as above. The native tier
// is one (`cargo run --example score_jsonl`); a Python tier is one more line here, or
// `--tier "python=python3 path/to/score_jsonl.py"` on the command line.
import { spawnSync } from "node:child_process";
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { createInterface } from "node:readline";
import { Scorer } from "leadscore";
import { Scorer as FullScorer } from "leadscore/full";
import { CHROMIUM, CHROMIUM_ARGS } from "../../scripts/chromium.mjs";

export const BATCH = 5000;

/** A tier that runs `argv... MODEL LEADS AS_OF OUT` once per model. */
export function commandTier(name, argv, { cwd } = {}) {
  return {
    name,
    async run({ models, leadsPath, asOf, outDir }) {
      for (const model of models) {
        const out = join(outDir, `${model.name}.jsonl`);
        const done = spawnSync(argv[0], [...argv.slice(1), model.path, leadsPath, asOf, out], {
          cwd,
          stdio: ["ignore", "inherit", "inherit"],
        });
        if (done.status !== 0)
          throw new Error(
            `${name}: ${argv.join(" ")} failed on ${model.name} (exit ${done.status ?? done.signal})`,
          );
      }
    },
  };
}

/** The native core, through `examples/rust/score_jsonl.rs` (built first, in release if asked). */
export function nativeTier({ repo, release }) {
  const binary = join(repo, "target", release ? "release" : "debug", "examples", "score_jsonl");
  return {
    name: "native",
    /** Builds the example (timed apart from the scoring). */
    async prepare() {
      const profile = release ? ["--release"] : [];
      const built = spawnSync(
        "cargo",
        ["build", "--quiet", ...profile, "--example", "score_jsonl"],
        { cwd: repo, stdio: "inherit" },
      );
      if (built.status !== 0) throw new Error("native: cargo build --example score_jsonl failed");
    },
    run: (context) => commandTier("native", [binary]).run(context),
  };
}

/** Batches of `size` lines of a JSON Lines file (blank lines skipped). */
async function* batches(path, size = BATCH) {
  let batch = [];
  for await (const line of createInterface({
    input: createReadStream(path),
    crlfDelay: Infinity,
  })) {
    if (line.trim() === "") continue;
    batch.push(line);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function write(stream, text) {
  if (!stream.write(text)) await once(stream, "drain");
}

/** The npm package in this Node process: `scoreBatch` from JSON text or from objects. */
export function nodeTier(input) {
  return {
    name: input === "text" ? "node-text" : "node-objects",
    async run({ models, leadsPath, asOf, outDir }) {
      for (const model of models) {
        const scorer = new Scorer(model.text);
        const out = createWriteStream(join(outDir, `${model.name}.jsonl`));
        for await (const lines of batches(leadsPath)) {
          const leads =
            input === "text" ? `[${lines.join(",")}]` : lines.map((line) => JSON.parse(line));
          const results = scorer.scoreBatch(leads, { asOf });
          await write(out, results.map((result) => JSON.stringify(result)).join("\n") + "\n");
        }
        out.end();
        await once(out, "finish");
        scorer.free();
      }
    },
  };
}

/**
 * The visitor scorer's small engine (the build without JSON) in this Node process: each model
 * compiled ahead, each lead given as an object, the result it builds serialized here.
 */
export function smallEngineTier({ repo }) {
  return {
    name: "small-engine",
    async run({ models, leadsPath, asOf, outDir }) {
      const engine = join(repo, "pkg/visitor/engine");
      const small = await import(pathToFileURL(join(engine, "leadscore.js")).href);
      await small.default({ module_or_path: readFileSync(join(engine, "leadscore_bg.wasm")) });
      const asOfMs = Date.parse(asOf);
      for (const model of models) {
        const full = new FullScorer(model.text);
        const scorer = new small.Scorer(full.compiled());
        full.free();
        const out = createWriteStream(join(outDir, `${model.name}.jsonl`));
        for await (const lines of batches(leadsPath)) {
          const results = lines.map((line) =>
            JSON.stringify(scorer.score(JSON.parse(line), asOfMs)),
          );
          await write(out, results.join("\n") + "\n");
        }
        out.end();
        await once(out, "finish");
        scorer.free();
      }
    },
  };
}

/**
 * The package's browser build in headless Chromium: a page served (with the repository) by
 * scripts/serve.mjs fetches the leads, scores them from JSON text and hands each batch's
 * results back as text.
 */
export function chromiumTier({ repo }) {
  return {
    name: "chromium",
    async run({ models, leadsPath, asOf, outDir }) {
      const { chromium } = await import("playwright-core");
      const { serve } = await import("../../scripts/serve.mjs");
      const server = await serve({ root: repo, port: 0 });
      const profile = mkdtempSync(join(tmpdir(), "leadscore-parity-chromium-"));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
      });
      const problems = [];
      const outputs = new Map();
      try {
        const page = await context.newPage();
        page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
        page.on(
          "console",
          (message) => message.type() === "error" && problems.push(`console: ${message.text()}`),
        );
        await page.exposeFunction("parityEmit", (name, text) => write(outputs.get(name), text));
        await page.goto(`${server.url}tests/parity/page/index.html`);
        await page.waitForFunction(() => typeof window.scoreAll === "function", null, {
          timeout: 30_000,
        });
        for (const model of models) {
          outputs.set(model.name, createWriteStream(join(outDir, `${model.name}.jsonl`)));
          const leadsUrl = `/${relative(repo, leadsPath).split("\\").join("/")}`;
          await page.evaluate((args) => window.scoreAll(args), {
            name: model.name,
            model: model.text,
            leadsUrl,
            asOf,
            batch: BATCH,
          });
          const out = outputs.get(model.name);
          out.end();
          await once(out, "finish");
        }
      } catch (error) {
        throw new Error(`chromium: ${[error.message, ...problems].join("; ")}`);
      } finally {
        await context.close();
        await server.close();
        rmSync(profile, { recursive: true, force: true });
      }
      if (problems.length > 0) throw new Error(`chromium: ${problems.join("; ")}`);
    },
  };
}
