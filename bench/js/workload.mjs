// The benchmark's standard workload: leads from the package's own generator (`leadscore/generate`,
// fixed seed, about 50 timestamped events each), scored as of the generator's fixed end time,
// against the default example model and the 100-rule variant.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateLeads, GENERATOR_DEFAULTS } from "leadscore/generate";

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const ROOT = dirname(BENCH_DIR);
/** Generated inputs shared with the native binary (not committed: the seed reproduces them). */
export const WORK_DIR = join(BENCH_DIR, ".work");

export const SEED = "leadscore-bench-1";
export const EVENTS_PER_LEAD = 50;
export const AS_OF = GENERATOR_DEFAULTS.end; // 2026-11-20T17:00:00Z, the end of every history
export const AS_OF_MS = Date.parse(AS_OF);

export const MODELS = [
  {
    key: "default",
    name: "default example model",
    path: join(ROOT, "examples/models/b2b-default.json"),
  },
  { key: "rules100", name: "100-rule model", path: join(BENCH_DIR, "models/b2b-100-rules.json") },
];

export function loadModels() {
  return MODELS.map((m) => {
    const text = readFileSync(m.path, "utf8");
    const model = JSON.parse(text);
    const rules = (model.fit?.rules?.length ?? 0) + (model.intent?.rules?.length ?? 0);
    return { ...m, text, model, rules };
  });
}

/**
 * The leads (objects), their JSON text, and the path of that text as a file (for the native
 * binary). The file is rewritten only when missing; generation is deterministic. `parsed` is the
 * same leads through `JSON.parse` of the text (made on first use): their strings are flat, as
 * leads from `fetch`, a file or a database driver are, where the generator's times and event ids
 * are strings made by `replace` and template literals (cons strings, each character read through
 * an indirection).
 */
export function loadLeads(count, { seed = SEED, write = true } = {}) {
  const leads = [];
  for (const { lead } of generateLeads({ leads: count, seed, eventsPerLead: EVENTS_PER_LEAD }))
    leads.push(lead);
  const text = JSON.stringify(leads);
  const file = join(WORK_DIR, `leads-${count}-${seed}.json`);
  if (write) {
    mkdirSync(WORK_DIR, { recursive: true });
    if (!existsSync(file) || readFileSync(file, "utf8").length !== text.length)
      writeFileSync(file, text);
  }
  const events = leads.reduce((sum, lead) => sum + lead.events.length, 0);
  let parsed = null;
  return {
    leads,
    text,
    file,
    count,
    events,
    seed,
    get parsed() {
      return (parsed ??= JSON.parse(text));
    },
  };
}

/** What a row (bench/js/implementations.mjs) is given: the JSON text, the parsed leads, or the leads. */
export function inputOf(row, workload) {
  if (row.input === "text") return workload.text;
  return row.input === "parsed" ? workload.parsed : workload.leads;
}
