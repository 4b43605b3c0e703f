// The JSON Schema editors use agrees with the engine: the example models pass both, and models
// the schema can judge (types, required keys, ranges, unknown keys) fail both.
import { test } from "node:test";
import assert from "node:assert/strict";
import Ajv from "ajv";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { validateModel } from "leadscore";
import { readJson, repo, goldenCases } from "./fixtures.mjs";

const ajv = new Ajv({
  allErrors: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
});
const validate = ajv.compile(readJson("schema/model.schema.json"));

test("every example and golden model is valid to the schema and the engine", () => {
  const models = readdirSync(join(repo, "examples/models")).map((name) =>
    readJson(join("examples/models", name)),
  );
  models.push(...goldenCases().map((c) => c.model));
  for (const model of models) {
    assert.ok(validate(model), `${model.name}: ${ajv.errorsText(validate.errors)}`);
    assert.deepStrictEqual(validateModel(model), []);
  }
});

test("the schema and the engine reject the same broken models", () => {
  const base = () => structuredClone(readJson("examples/models/b2b-default.json"));
  const broken = {
    "version 2": (m) => {
      m.version = 2;
    },
    "no mql": (m) => {
      delete m.mql;
    },
    "threshold as text": (m) => {
      m.mql.threshold = "50";
    },
    "negative half-life": (m) => {
      m.intent.decay = { kind: "exponential", halfLifeDays: -1 };
    },
    "step decay without steps": (m) => {
      m.intent.decay = { kind: "step" };
    },
    "decay key of another kind": (m) => {
      m.intent.decay = { kind: "linear", overDays: 10, days: 3 };
    },
    "unknown decay kind": (m) => {
      m.intent.decay = { kind: "sigmoid" };
    },
    "typo in a key": (m) => {
      m.intent.rules[0].pointz = 3;
    },
    "empty condition": (m) => {
      m.fit.rules[0].when = {};
    },
    "unknown operator": (m) => {
      m.fit.rules[0].when = { startsWith: "vp" };
    },
    "limit and window": (m) => {
      m.intent.rules[3].limit = { max: 1 };
    },
    "instant with a window": (m) => {
      m.intent.rules[3].instant = true;
    },
    "window of zero events": (m) => {
      m.intent.rules[3].window.atLeast = 0;
    },
    "negative cap": (m) => {
      m.total.cap = -1;
    },
    "positive floor": (m) => {
      m.total.floor = 5;
    },
    "fractional cap": (m) => {
      m.fit.cap = 10.5;
    },
    "points missing": (m) => {
      delete m.intent.rules[0].points;
    },
    "no event": (m) => {
      delete m.intent.rules[0].event;
    },
    "empty event list": (m) => {
      m.intent.rules[0].event = [];
    },
    "period unknown": (m) => {
      m.intent.rules[0].limit.per = "year";
    },
    "keep above 1": (m) => {
      m.intent.decay.steps[0].keep = 1.5;
    },
    "grid without intent": (m) => {
      delete m.grid.intent;
    },
    "band without name": (m) => {
      delete m.bands[1].name;
    },
    "blank attribute": (m) => {
      m.fit.rules[0].attribute = " ";
    },
  };
  for (const [name, breakIt] of Object.entries(broken)) {
    const model = base();
    breakIt(model);
    assert.equal(validate(model), false, `the schema accepts: ${name}`);
    assert.notDeepStrictEqual(validateModel(model), [], `the engine accepts: ${name}`);
  }
});
