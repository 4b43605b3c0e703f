// A page as a web team builds it with Vite or webpack: the scoring engine (`leadscore`) and the
// visitor scorer (`leadscore/visitor`, with its small engine and a model compiled ahead).
import { Scorer } from "leadscore";
import { init } from "leadscore/visitor";
import model from "./model.json";
import leads from "./leads.json";
import visitorModel from "./visitor-model.json";

const scorer = new Scorer(model);
const totals = scorer.scoreBatch(leads, { asOf: "2026-11-20T17:00:00Z" }).map((r) => r.total);
const scores = [];
document.addEventListener("leadscore:score", (event) => scores.push(event.detail.result.total));
// In memory only, so that runs do not see each other's history.
const visitor = init({ model: visitorModel, storage: null });
await visitor.ready;
visitor.track("content_download", { contentType: "case_study" });
window.leadscoreResult = {
  totals,
  scores,
  mql: visitor.getScore().mql,
  kept: visitor.events().map((e) => e.type),
};
