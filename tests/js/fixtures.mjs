// Shared test data: the golden folders (also read by the Rust tests), the example model and leads;
// and `thrown`, the error a call throws.
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

export const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const readJson = (path) => JSON.parse(readFileSync(join(repo, path), "utf8"));

export const exampleModel = readJson("examples/models/b2b-default.json");
export const exampleLeads = readJson("examples/leads/b2b-leads.json");
export const EXAMPLE_AS_OF = "2026-11-20T17:00:00Z";

/** Every case of a golden folder (a path from the repository's root), by file name: `{ name, ...case }`. */
export function goldenFolder(folder) {
  return readdirSync(join(repo, folder))
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => ({ name, ...readJson(join(folder, name)) }));
}

/** The golden scoring cases, each with its model read (a case may name a model file). */
export function goldenCases() {
  return goldenFolder("tests/golden").map((golden) => {
    const model = typeof golden.model === "string" ? readJson(golden.model) : golden.model;
    return { ...golden, model };
  });
}

/**
 * A lead state's bytes with everything after the format tag and the model's fingerprint (a
 * varint) replaced by zeros: it decodes and names its model, but its fold has none of the
 * model's rules. What anyone holding a state can make of it (fuzz/RESULTS.md, bug 1).
 */
export function hollowedState(bytes) {
  let end = 3;
  while (bytes[end] & 0x80) end += 1;
  const hollow = new Uint8Array(end + 1 + 40);
  hollow.set(bytes.subarray(0, end + 1));
  return hollow;
}

/** The error `run` throws, checked to be a real Error object; fails when it throws nothing. */
export function thrown(run) {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof Error, "a real Error object");
    return error;
  }
  assert.fail("should have thrown");
}
