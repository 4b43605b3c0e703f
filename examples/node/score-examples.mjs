// Scores the example leads with the example model and prints a table:
//   node examples/node/score-examples.mjs [MODEL] [LEADS] [AS_OF]
// The as-of time is fixed by default so the table matches the README; pass "now" for the clock.
import { readFileSync } from "node:fs";
import { Scorer } from "leadscore";

const [modelPath = "examples/models/b2b-default.json", leadsPath = "examples/leads/b2b-leads.json", asOfArg = "2026-11-20T17:00:00Z"] =
  process.argv.slice(2);
const scorer = new Scorer(readFileSync(modelPath, "utf8"));
const leads = JSON.parse(readFileSync(leadsPath, "utf8"));
const asOf = asOfArg === "now" ? new Date() : asOfArg;
const results = scorer.scoreBatch(leads, { asOf });

/** Why the lead is (or is not) an MQL, in a few words. */
function why(result) {
  if (result.mql) {
    const how = result.mqlReason === "instant" ? `hand-raiser (${result.trigger.ruleId})` : "reached the threshold";
    return `${how}, crossed ${result.crossedAt.slice(0, 10)}`;
  }
  if (result.blockedBy.length > 0) return `blocked: ${result.blockedBy.join(", ")}`;
  if (result.crossedAt) return `below the threshold now (was an MQL on ${result.crossedAt.slice(0, 10)})`;
  return "below the threshold";
}

const rows = results.map((r, i) => [
  `${r.leadId} ${leads[i].attributes?.name ?? ""}`.trim(),
  String(r.fit),
  String(r.intent),
  String(r.total),
  r.band ?? "-",
  r.mql ? "yes" : "no",
  why(r),
]);
const header = ["lead", "fit", "intent", "total", "band", "MQL", "why"];
const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
const numeric = new Set([1, 2, 3]);
const line = (cells) => cells.map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join("  ").trimEnd();
console.log(`${scorer.modelName ?? modelPath}, as of ${new Date(asOf).toISOString()}\n`);
console.log(line(header));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const row of rows) console.log(line(row));
