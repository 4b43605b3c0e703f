// `leadscore validate MODEL`: every problem in a model, each with its path.
import { Scorer, validateModel } from "../node/index.mjs";
import { EXIT } from "./errors.mjs";
import { readModelText, describeIssues } from "./model-file.mjs";

export function validateCommand(path, io) {
  const text = readModelText(path);
  const issues = validateModel(text);
  if (issues.length > 0) {
    io.stdout.write(describeIssues(path, issues));
    io.stderr.write(`${path}: ${issues.length} ${issues.length === 1 ? "problem" : "problems"}\n`);
    return EXIT.PROBLEMS;
  }
  const scorer = new Scorer(text);
  const rules = scorer.ruleIds().length;
  io.stdout.write(
    `${path}: valid${scorer.modelName ? ` (${scorer.modelName}, ` : " ("}${rules} ${rules === 1 ? "rule" : "rules"})\n`,
  );
  scorer.free();
  return EXIT.OK;
}
