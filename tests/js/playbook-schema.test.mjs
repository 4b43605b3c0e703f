// The playbook's JSON Schema agrees with the engine: the example playbook passes both, and
// playbooks the schema can judge (types, required keys, ranges, unknown keys) fail both.
import { test } from "node:test";
import assert from "node:assert/strict";
import Ajv from "ajv";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { validatePlaybook } from "leadscore/full";
import { readJson, repo, exampleModel } from "./fixtures.mjs";

const ajv = new Ajv({
  allErrors: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
});
const validate = ajv.compile(readJson("schema/playbook.schema.json"));

test("every example playbook is valid to the schema and the engine", () => {
  for (const name of readdirSync(join(repo, "examples/playbooks"))) {
    const playbook = readJson(join("examples/playbooks", name));
    assert.ok(validate(playbook), `${name}: ${ajv.errorsText(validate.errors)}`);
    assert.deepStrictEqual(validatePlaybook(playbook, exampleModel), []);
  }
});

test("the schema and the engine reject the same broken playbooks", () => {
  const base = () => structuredClone(readJson("examples/playbooks/b2b-default.json"));
  const broken = {
    "version 2": (p) => {
      p.version = 2;
    },
    "no routing": (p) => {
      delete p.routing;
    },
    "no team": (p) => {
      delete p.team;
    },
    "typo in a key": (p) => {
      p.sla.signalz = [];
    },
    "hours as a number": (p) => {
      p.calendars["us-east"].hours[0].from = 9;
    },
    "hour 25": (p) => {
      p.calendars["us-east"].hours[0].to = "25:00";
    },
    "a weekday that is not": (p) => {
      p.calendars["us-east"].hours[0].days = ["monday"];
    },
    "no time zone": (p) => {
      delete p.calendars.emea.timeZone;
    },
    "holiday not a date": (p) => {
      p.calendars.emea.holidays[0] = "Christmas";
    },
    "window with two keys": (p) => {
      p.sla.signals[0].within = { businessMinutes: 5, hours: 1 };
    },
    "window of zero": (p) => {
      p.sla.signals[0].within = { businessMinutes: 0 };
    },
    "window unit unknown": (p) => {
      p.sla.signals[0].within = { weeks: 1 };
    },
    "rule with owner and pool": (p) => {
      p.routing.rules[0].pool = "na-sdr";
    },
    "rule with no target": (p) => {
      delete p.routing.rules[0].owner;
    },
    "empty pool": (p) => {
      p.routing.pools["na-sdr"].members = [];
    },
    "reserved territory": (p) => {
      p.routing.territories.unmapped = ["FR"];
    },
    "named account without a key": (p) => {
      p.routing.namedAccounts[0] = { owner: "ana" };
    },
    "unknown policy": (p) => {
      p.rejection.reasons[1].policy = "ignore";
    },
    "recycle without a track": (p) => {
      delete p.rejection.reasons[1].track;
    },
    "negative wait": (p) => {
      p.rejection.reasons[1].waitDays = -1;
    },
    "no reasons": (p) => {
      p.rejection.reasons = [];
    },
    "due-soon share above 1": (p) => {
      p.sla.dueSoonShare = 1.5;
    },
    "why-now of zero days": (p) => {
      p.handoff.whyNowDays = 0;
    },
    "template missing": (p) => {
      delete p.handoff.approaches[0].template;
    },
    "empty when": (p) => {
      p.sla.signals[0].when = {};
    },
  };
  for (const [name, breakIt] of Object.entries(broken)) {
    const playbook = base();
    breakIt(playbook);
    assert.equal(validate(playbook), false, `the schema accepts: ${name}`);
    assert.notDeepStrictEqual(
      validatePlaybook(playbook, exampleModel),
      [],
      `the engine accepts: ${name}`,
    );
  }
});
