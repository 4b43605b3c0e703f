// Shared test data: the golden cases (also read by the Rust tests), the example model and leads.
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const readJson = (path) => JSON.parse(readFileSync(join(repo, path), "utf8"));

export const exampleModel = readJson("examples/models/b2b-default.json");
export const exampleLeads = readJson("examples/leads/b2b-leads.json");
export const EXAMPLE_AS_OF = "2026-11-20T17:00:00Z";

export function goldenCases() {
  return readdirSync(join(repo, "tests/golden"))
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => {
      const golden = readJson(join("tests/golden", name));
      const model = typeof golden.model === "string" ? readJson(golden.model) : golden.model;
      return { name, ...golden, model };
    });
}
