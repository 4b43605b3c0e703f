#!/usr/bin/env node
// Writes the starting inputs of the raw-JSON fuzz targets into fuzz/corpus/<target>/ (the
// structure-aware targets need none: any bytes make a valid model and leads): the example and
// parity models, the golden cases' models and leads, the example playbook, and lifecycle
// records, actions and routing states taken from the golden lifecycle journeys. Only files that
// are not there yet are written; `scripts/fuzz.sh` runs this before a target's first run.
//   node fuzz/seeds.mjs
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const read = (path) => readFileSync(join(repo, path), "utf8");
const json = (path) => JSON.parse(read(path));
const files = (dir) =>
  readdirSync(join(repo, dir))
    .filter((f) => f.endsWith(".json"))
    .map((f) => `${dir}/${f}`);

function seed(target, text) {
  const dir = join(repo, "fuzz", "corpus", target);
  mkdirSync(dir, { recursive: true });
  // Named by content, as libFuzzer names what it adds.
  const file = join(dir, `seed-${createHash("sha1").update(text).digest("hex")}`);
  if (!existsSync(file)) writeFileSync(file, text);
}

const golden = files("tests/golden").map(json);
for (const path of [
  ...files("examples/models"),
  ...files("tests/parity/models"),
  "bench/models/b2b-100-rules.json",
]) {
  seed("model_json", read(path));
}
for (const { model } of golden) seed("model_json", JSON.stringify(model, null, 2));

const leads = [...json("examples/leads/b2b-leads.json"), ...golden.map((g) => g.lead)];
for (const lead of leads) seed("lead_json", JSON.stringify(lead));
seed("batch_json", read("examples/leads/b2b-leads.json"));
seed("batch_json", JSON.stringify(golden.map((g) => g.lead)));
seed(
  "batch_json",
  `[${JSON.stringify(leads[0])}, {"id": 7, "events": [{"type": "visit", "at": "yesterday"}]}, 3]`,
);

seed("playbook_json", read("examples/playbooks/b2b-default.json"));

// Each step of a golden journey: the record before it, its action, the routing state, the moment.
for (const path of files("tests/golden-lifecycle")) {
  const journey = json(path);
  let record = {
    version: 1,
    leadId: journey.lead.id,
    stage: "lead",
    owner: "marketing-ops",
    enteredStageAt: journey.start,
  };
  let routing = { version: 1, cursors: {} };
  journey.steps.forEach((step, i) => {
    // A score update carries the score and the lead; the golden file leaves them to its runner.
    const action = step.action.type === "scoreUpdate" ? { type: "timePasses" } : step.action;
    seed(
      "lifecycle_json",
      [JSON.stringify(record), JSON.stringify(action), JSON.stringify(routing), step.now].join(
        "\0",
      ),
    );
    const expected = journey.expected[i];
    if (expected.record) record = expected.record;
    if (expected.routing) routing = expected.routing;
  });
}
console.log("seeded fuzz/corpus/{model_json,lead_json,batch_json,playbook_json,lifecycle_json}");
