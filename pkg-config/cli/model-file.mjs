// Reading a model file for the commands, and describing its problems.
import { readFileSync } from "node:fs";
import { UsageError } from "./errors.mjs";

/** The model file's text; a UsageError when it cannot be read. */
export function readModelText(path) {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const reason =
      error.code === "ENOENT"
        ? "no such file"
        : error.code === "EISDIR"
          ? "it is a directory"
          : error.message;
    throw new UsageError(`cannot read the model ${path}: ${reason}`);
  }
}

/** One line per problem: `FILE: PATH: MESSAGE` (the path is left out for the whole model). */
export function describeIssues(path, issues) {
  return issues
    .map((issue) => `${path}: ${issue.path ? `${issue.path}: ` : ""}${issue.message}\n`)
    .join("");
}
