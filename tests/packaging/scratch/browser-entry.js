// The browser bundle's entry: the package's browser build, bundled by esbuild, scoring in a page.
import { Scorer, modelVersion } from "leadscore";
import model from "./model.json";
import leads from "./leads.json";

const scorer = new Scorer(model);
const results = scorer.scoreBatch(leads, { asOf: "2026-11-20T17:00:00Z" });
let error = null;
try {
  scorer.score({ id: "x", events: [{ type: "visit", at: "nope" }] });
} catch (e) {
  error = { isError: e instanceof Error, name: e.name, path: e.path };
}
window.leadscoreResult = { version: modelVersion(), totals: results.map((r) => r.total), error };
document.title = "scored";
