// Type-checks the declarations as an ES module user sees them (moduleResolution nodenext).
import { Scorer, validateModel, modelVersion } from "leadscore";
import type { Lead, Model, ModelIssue, ScoreResult, FailedLead, InputError } from "leadscore";
import { generateLeads, type GeneratedLead } from "leadscore/generate";
import { Lifecycle, Scorer as FullScorer, validatePlaybook } from "leadscore/full";
import { AccountScorer, AccountStore } from "leadscore/full";
import type { AccountResult, AccountsResult, AccountPush, AccountHandoff } from "leadscore/full";
import { Calibration, checkScores, funnel } from "leadscore/full";
import type { CalibrationReport, FunnelReport, ScoreCheck } from "leadscore/full";

const model: Model = {
  version: 1,
  mql: { threshold: 50 },
  fit: { rules: [{ id: "t", attribute: "title", when: { containsAny: ["vp"] }, points: 15 }] },
};
const scorer = new Scorer(model);
const limited = new Scorer(model, { limits: { eventsPerLead: 1000, stringLength: 4096 } });
const lead: Lead = {
  id: "l1",
  attributes: { title: "VP Sales", size: 900 },
  events: [{ id: 1, type: "visit", at: new Date() }],
};
const result: ScoreResult = scorer.score(lead, { asOf: "2026-11-20T17:00:00Z" });
const total: number = result.total;
const band: string | null = result.band;
const ruleIds: string[] = result.contributions.map((c) => c.ruleId);
const thrown: ScoreResult[] = scorer.scoreBatch([lead]);
const collected: Array<ScoreResult | FailedLead> = scorer.scoreBatch("[]", { onError: "collect" });
for (const item of collected) {
  if ("error" in item) {
    const path: string = item.error.path;
  } else {
    const mql: boolean = item.mql;
  }
}
const issues: ModelIssue[] = validateModel(model);
const version: number = modelVersion();
function pathOf(error: InputError): string {
  return error.path;
}

const lifecycle = new Lifecycle("{}", model);
const playbookIssues: string[] = validatePlaybook("{}", model).map((issue) => issue.path);
const fullScorer: InstanceType<typeof FullScorer> = new FullScorer(model);

const accountModel: Model = {
  ...model,
  accounts: {
    roles: [{ id: "buyer", where: { title: { containsAny: ["vp"] } } }],
    mqa: { threshold: 60, requiredRoles: ["buyer"] },
  },
};
const accounts = new AccountScorer(new FullScorer(accountModel));
const scoredAccounts: AccountsResult = accounts.scoreAccounts([lead], {
  asOf: "2026-11-20T17:00:00Z",
});
const account: AccountResult = accounts.scoreAccount([lead]);
const missingPlays: string[] = account.roles.missing.map((role) => role.play);
const accountStore = new AccountStore(accounts);
const accountId: string | null = accountStore.add(lead);
const pushed: AccountPush = accountStore.push(
  "l1",
  [{ type: "visit", at: "2026-11-20T10:00:00Z" }],
  Date.now(),
);
// @ts-expect-error an account's MQA is a boolean
const mqaText: string = account.mqa;
const accountRouted = lifecycle.routeAccount(account, { attributes: { country: "US" } });
const accountOwners: Record<string, string> | undefined = accountRouted.routing.accountOwners;
const accountHandoff: AccountHandoff = lifecycle.accountHandoff(account, {
  owner: accountRouted.owner,
});
const plays: string[] = accountHandoff.missingRoles.map((role) => role.play);
// @ts-expect-error the account handoff needs its owner
lifecycle.accountHandoff(account, {});
const calibration = new Calibration(model);
const held: number = calibration.add([lead], [true], { asOf: "2026-11-20T17:00:00Z" });
const report: CalibrationReport = calibration.run({ seed: 1, holdoutShare: 0.3 });
const fittedAuc: number | undefined = report.comparison.fitted.auc?.auc;
const fittedModel: Model = report.fitted.model;
const markdown: string = calibration.render("markdown");
const check: ScoreCheck = checkScores(
  { totals: new Float64Array([1, 2]), outcomes: [0, 1] },
  { threshold: 2 },
);
const funnelReport: FunnelReport = funnel("", { now: "2026-11-20T17:00:00Z" });
const funnelText: string = funnel("", { format: "text" });

const generated: GeneratedLead[] = [...generateLeads({ leads: 3, seed: 42, eventsPerLead: 5 })];
const fromGenerator: Lead = generated[0].lead;
const converted: boolean = generated[0].outcome.converted;

// The declarations are precise, not `any`: each of these must be an error.
// @ts-expect-error a limit is a number
new Scorer(model, { limits: { batchSize: "10" } });
// @ts-expect-error calibration reports render as text or Markdown only
calibration.render("html");
// @ts-expect-error checkScores needs the model's threshold
checkScores({ totals: [1], outcomes: [1] }, {});
// @ts-expect-error a lead needs an id
scorer.score({ attributes: {} });
// @ts-expect-error unknown keys in a lead are errors
const extra: Lead = { id: 1, bogus: true };
// @ts-expect-error the total is a number
const wrong: string = result.total;
// @ts-expect-error onError is "throw" or "collect"
scorer.scoreBatch([lead], { onError: "ignore" });
// @ts-expect-error the model format version is 1
const future: Model = { version: 2, mql: { threshold: 1 } };
// @ts-expect-error a collected batch may hold failed leads
const onlyResults: ScoreResult[] = scorer.scoreBatch([lead], { onError: "collect" });
// @ts-expect-error the generator's seed is text or a number
generateLeads({ seed: true });

export {
  total,
  band,
  ruleIds,
  thrown,
  issues,
  version,
  pathOf,
  extra,
  wrong,
  future,
  onlyResults,
  fromGenerator,
  converted,
  lifecycle,
  playbookIssues,
  fullScorer,
};
