// Comparing the tiers' outputs: a SHA-256 of each file (the results' JSON Lines, concatenated),
// and for a file that differs, the first lead whose line differs and the first field in it.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

export async function sha256(path) {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest("hex");
}

/** The first line at which two JSON Lines files differ: `{ index, expected, got }`, or null. */
export async function firstDifferentLine(expectedPath, gotPath) {
  const open = (path) =>
    createInterface({ input: createReadStream(path), crlfDelay: Infinity })[Symbol.asyncIterator]();
  const [a, b] = [open(expectedPath), open(gotPath)];
  for (let index = 0; ; index++) {
    const [x, y] = await Promise.all([a.next(), b.next()]);
    if (x.done && y.done) return null;
    if (x.done || y.done || x.value !== y.value) {
      await Promise.all([a.return?.(), b.return?.()]);
      return { index, expected: x.done ? null : x.value, got: y.done ? null : y.value };
    }
  }
}

/** The path of the first value that differs between two JSON values, or null when equal. */
export function firstDifferentField(expected, got, path = "") {
  if (Object.is(expected, got)) return null;
  if (
    typeof expected !== "object" ||
    typeof got !== "object" ||
    expected === null ||
    got === null ||
    Array.isArray(expected) !== Array.isArray(got)
  ) {
    return { path: path || "(the result)", expected, got };
  }
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(got)])];
  for (const key of keys) {
    const child = Array.isArray(expected) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (!(key in expected) || !(key in got))
      return { path: child, expected: expected[key], got: got[key] };
    const found = firstDifferentField(expected[key], got[key], child);
    if (found) return found;
  }
  return null;
}

/** Says where `got` first differs from `expected` (a lead's line), for a person to read. */
export function describeDifference({ index, expected, got }) {
  if (expected === null || got === null)
    return `lead ${index}: ${expected === null ? "extra result" : "result missing"}`;
  const [e, g] = [JSON.parse(expected), JSON.parse(got)];
  const field = firstDifferentField(e, g);
  const lead = `lead ${index} (${JSON.stringify(e.leadId)})`;
  if (field)
    return `${lead}: ${field.path}: expected ${JSON.stringify(field.expected)}, got ${JSON.stringify(field.got)}`;
  let at = 0;
  while (expected[at] === got[at]) at++;
  const around = (text) => JSON.stringify(text.slice(Math.max(0, at - 40), at + 40));
  return `${lead}: the same values written differently, from character ${at}: expected ${around(expected)}, got ${around(got)}`;
}
