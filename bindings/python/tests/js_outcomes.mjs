// What the npm package (pkg/) does with each call read from standard input, for the Python
// tests to compare against: `[{ call, model, input, options }]` in, one outcome per call out,
// `{ result }` or `{ error: { name, message, path, errors } }`.
import { readFileSync } from "node:fs";
import { Scorer } from "../../../pkg/node/index.mjs";

const calls = JSON.parse(readFileSync(0, "utf8"));
const outcomes = calls.map(({ call, model, input, options }) => {
  try {
    const scorer = new Scorer(model);
    if (call === "model") return { result: null };
    const result =
      call === "score" ? scorer.score(input, options) : scorer.scoreBatch(input, options);
    return { result };
  } catch (error) {
    const { name, message, path, errors } = error;
    return { error: { name, message, path, errors } };
  }
});
process.stdout.write(JSON.stringify(outcomes));
