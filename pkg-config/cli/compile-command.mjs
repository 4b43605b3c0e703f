// `leadscore compile MODEL [--out FILE]`: the model compiled ahead, for the visitor scorer's
// small engine (which loads it instead of reading and validating the document): JSON holding
// the compiled form as base64, to inline in a page or serve beside it.
import { writeFileSync } from "node:fs";
import { Scorer, validateModel } from "../node/full/index.mjs";
import { EXIT, StopError } from "./errors.mjs";
import { describeIssues, readModelText } from "./model-file.mjs";

/** What `leadscore compile` writes: the compiled model and what it is. */
export function compiledModel(scorer) {
  const bytes = scorer.compiled();
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return {
    format: "leadscore-compiled-model",
    name: scorer.modelName ?? null,
    bytes: btoa(binary),
  };
}

export function compileCommand(path, options, io) {
  const text = readModelText(path);
  const issues = validateModel(text);
  if (issues.length > 0) {
    io.stdout.write(describeIssues(path, issues));
    io.stderr.write(
      `${path}: ${issues.length} ${issues.length === 1 ? "problem" : "problems"}: not compiled\n`,
    );
    return EXIT.PROBLEMS;
  }
  const scorer = new Scorer(text);
  const compiled = `${JSON.stringify(compiledModel(scorer))}\n`;
  scorer.free();
  if (!options.out) io.stdout.write(compiled);
  else {
    try {
      writeFileSync(options.out, compiled);
    } catch (error) {
      throw new StopError(`cannot write ${options.out}: ${error.message}`);
    }
  }
  return EXIT.OK;
}
