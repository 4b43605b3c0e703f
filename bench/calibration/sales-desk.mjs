// A synthetic sales desk: generated leads (with the generator's hidden outcomes) run through the
// example playbook as a sales team would work them, written as lifecycle records (JSON Lines) for
// `leadscore funnel`. Each MQL gets a first contact (hand-raisers mostly within minutes, the rest
// within hours or days, some never), then is accepted, booked and opened as an opportunity when
// its hidden outcome says it converts, or rejected with a reason that fits the lead (bad fit as
// the wrong ICP, silence as no response after three touches, the rest timing, budget, premature
// or a competitor). Reproducible from the seed; no clock is read.
//
//   node bench/calibration/sales-desk.mjs [--leads 2000] [--seed 7] > records.jsonl
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Scorer, Lifecycle } from "leadscore/full";
import { generateLeads } from "../../pkg-config/cli/generate.mjs";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A small seeded generator (splitmix32-style) per lead, so lead i's story never depends on the others. */
function random(seed, id) {
  let state = 0x9e3779b9 ^ seed;
  for (let i = 0; i < id.length; i++) state = Math.imul(state ^ id.charCodeAt(i), 0x85ebca6b);
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}

/** The actions sales takes on one MQL, as `[minutes after the MQL, action]`. */
function story(draw, { converted, handRaiser, badFit }) {
  const firstContact =
    draw() < 0.08 ? null : handRaiser && draw() < 0.7 ? 1 + draw() * 8 : 30 + draw() * 60 * 30;
  const steps = [];
  if (firstContact !== null) steps.push([firstContact, { type: "logContact", channel: "phone" }]);
  const later = (firstContact ?? 60) + 60;
  if (converted) {
    steps.push([later, { type: "accept" }], [later + 24 * 60, { type: "meetingBooked" }]);
    if (draw() < 0.7) steps.push([later + 8 * 24 * 60, { type: "openOpportunity" }]);
    return steps;
  }
  if (firstContact === null || draw() < 0.25) {
    // Silence: two more touches, then rejected as unreachable.
    steps.push(
      [later, { type: "logContact", channel: "email" }],
      [later + 2 * 24 * 60, { type: "logContact", channel: "phone" }],
    );
    if (firstContact === null)
      steps.push([later + 3 * 24 * 60, { type: "logContact", channel: "email" }]);
    steps.push([later + 4 * 24 * 60, { type: "reject", reason: "noResponse" }]);
    return steps;
  }
  if (draw() < 0.3) steps.push([later, { type: "accept" }]);
  const reason =
    badFit && draw() < 0.8
      ? "wrongIcp"
      : ["timing", "premature", "budgetCycle", "competitor"][Math.floor(draw() * 4)];
  steps.push([later + 2 * 24 * 60, { type: "reject", reason }]);
  return steps;
}

function main() {
  const { values } = parseArgs({
    options: { leads: { type: "string", default: "2000" }, seed: { type: "string", default: "7" } },
  });
  const model = readFileSync(`${repo}examples/models/b2b-default.json`, "utf8");
  const scorer = new Scorer(model);
  const lifecycle = new Lifecycle(
    readFileSync(`${repo}examples/playbooks/b2b-default.json`, "utf8"),
    model,
  );
  let routing = {};
  const seed = Number(values.seed);
  for (const { lead, outcome } of generateLeads({
    leads: Number(values.leads),
    seed: values.seed,
  })) {
    const end = scorer.score(lead, { asOf: "2026-11-20T17:00:00Z" });
    if (!end.crossedAt) continue;
    const mqlAt = Date.parse(end.crossedAt);
    const score = scorer.score(lead, { asOf: mqlAt });
    let record = lifecycle.newRecord(lead.id, { now: mqlAt - MINUTE });
    const step = (action, now) => {
      const result = lifecycle.apply(record, action, { now, routing });
      record = result.record;
      routing = result.routing;
    };
    step({ type: "scoreUpdate", score, lead }, mqlAt);
    if (record.stage !== "mql") continue;
    const draw = random(seed, lead.id);
    const badFit = score.contributions.every((c) => c.group !== "fit" || c.points <= 0);
    for (const [minutes, action] of story(draw, {
      converted: outcome.converted,
      handRaiser: score.handRaiser,
      badFit,
    })) {
      step(action, mqlAt + Math.round(minutes * MINUTE));
    }
    process.stdout.write(`${JSON.stringify(record)}\n`);
  }
}

main();
