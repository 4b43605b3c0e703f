// The page's state as a link (without the DOM, tested in Node): the model as a compact diff from
// an example model (`[path, value]` pairs; a pair without a value removes the key), the lead
// source (the examples, or generated leads with their count, seed, events per lead and, when
// more than one, contacts per account) and the as-of time, in the URL's fragment:
// `#model=b2b-default&edits=…&leads=generated&n=…&asOf=…`.
// A CSV export cannot travel in a link: the link names its file and the columns chosen for the
// lead id and the outcome (`leads=csv&file=…&idColumn=…&outcome=…`, empty for row numbers or no
// outcome), and the page that opens it asks for that file again rather than showing other leads.
import { formatPath, setAt } from "./paths.js";

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

/** The edits that make `base` into `model`: `[[path, value] | [path]]`. */
export function modelDiff(base, model, path = []) {
  if (isObject(base) && isObject(model)) {
    const edits = [];
    for (const key of Object.keys(base))
      if (!(key in model)) edits.push([formatPath([...path, key])]);
    for (const key of Object.keys(model))
      edits.push(...modelDiff(base[key], model[key], [...path, key]));
    return edits;
  }
  if (Array.isArray(base) && Array.isArray(model) && base.length === model.length)
    return model.flatMap((item, i) => modelDiff(base[i], item, [...path, i]));
  return JSON.stringify(base) === JSON.stringify(model) ? [] : [[formatPath(path), model]];
}

/** `base` with `edits` (from modelDiff) applied; `base` is not changed. */
export function applyDiff(base, edits) {
  let model = structuredClone(base);
  for (const [path, ...value] of edits) {
    if (path === "") model = structuredClone(value[0]);
    else setAt(model, path, value.length === 0 ? undefined : structuredClone(value[0]));
  }
  return model;
}

/**
 * The fragment for `{ example, edits, leads, asOf }`, the leads `{ kind: "examples" }`,
 * `{ kind: "generated", n, seed, events, contacts }` or `{ kind: "csv", file, idColumn?,
 * outcomeColumn? }` (a column's name, or null for row numbers or no outcome).
 */
export function encodeLink({ example, edits, leads, asOf }) {
  const params = new URLSearchParams();
  params.set("model", example);
  if (edits.length > 0) params.set("edits", JSON.stringify(edits));
  if (leads?.kind === "generated") {
    params.set("leads", "generated");
    params.set("n", String(leads.n));
    params.set("seed", String(leads.seed));
    params.set("events", String(leads.events));
    if (leads.contacts > 1) params.set("contacts", String(leads.contacts));
  } else if (leads?.kind === "examples") params.set("leads", "examples");
  else if (leads?.kind === "csv") {
    params.set("leads", "csv");
    params.set("file", leads.file ?? "");
    if (leads.idColumn !== undefined) params.set("idColumn", leads.idColumn ?? "");
    if (leads.outcomeColumn !== undefined) params.set("outcome", leads.outcomeColumn ?? "");
  }
  if (asOf) params.set("asOf", asOf);
  return `#${params}`;
}

/** A fragment read back: `{ example, edits, leads, asOf }`, or null when it holds no state. */
export function decodeLink(fragment) {
  const params = new URLSearchParams(fragment.replace(/^#/, ""));
  if (!params.has("model")) return null;
  let edits = [];
  try {
    const parsed = JSON.parse(params.get("edits") ?? "[]");
    if (
      Array.isArray(parsed) &&
      parsed.every((edit) => Array.isArray(edit) && typeof edit[0] === "string")
    )
      edits = parsed;
  } catch {
    // An edited link that is not JSON: the example model as it is.
  }
  const kind = params.get("leads");
  const leads =
    kind === "generated"
      ? {
          kind,
          n: Number(params.get("n")),
          seed: params.get("seed") ?? "1",
          events: Number(params.get("events")),
          ...(params.has("contacts") && { contacts: Number(params.get("contacts")) }),
        }
      : kind === "examples"
        ? { kind }
        : kind === "csv"
          ? {
              kind,
              file: params.get("file") ?? "",
              ...(params.has("idColumn") && { idColumn: params.get("idColumn") || null }),
              ...(params.has("outcome") && { outcomeColumn: params.get("outcome") || null }),
            }
          : null;
  return { example: params.get("model"), edits, leads, asOf: params.get("asOf") };
}
