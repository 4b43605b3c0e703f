// The full browser build's entry (`leadscore/full`): scoring and the lifecycle in one module,
// bundled by esbuild, taking a hand-raising lead through to an owner in a page.
import { Scorer, Lifecycle } from "leadscore/full";
import model from "../model.json";
import leads from "../leads.json";
import playbook from "../playbook.json";

const scorer = new Scorer(model);
const totals = scorer.scoreBatch(leads, { asOf: "2026-11-20T17:00:00Z" }).map((r) => r.total);
const lifecycle = new Lifecycle(playbook, model);
const lead = leads[1];
const now = "2026-11-20T17:00:00Z";
const record = lifecycle.newRecord(lead.id, { now });
const out = lifecycle.apply(
  record,
  { type: "scoreUpdate", score: scorer.score(lead, { asOf: now }), lead },
  { now },
);
window.leadscoreResult = {
  totals,
  stage: out.record.stage,
  owner: typeof out.record.owner === "string",
  effects: out.effects.some((e) => e.type === "notifyOwner"),
};
document.title = "scored";
