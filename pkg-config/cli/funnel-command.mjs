// `leadscore funnel`: lifecycle records (JSON Lines, as `Lifecycle.apply` returns them) through
// the core's funnel metrics; the report as text, JSON or Markdown.
import { readFileSync, writeFileSync } from "node:fs";
import { funnel } from "../node/full/index.mjs";
import { EXIT, UsageError, StopError } from "./errors.mjs";

function readText(path, what) {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const reason = error.code === "ENOENT" ? "no such file" : error.message;
    throw new UsageError(`cannot read ${what} ${path}: ${reason}`);
  }
}

/** Leads as a JSON array's text: an array as it is, JSON Lines joined into one. */
function jsonArrayText(text) {
  if (text.trimStart().startsWith("[")) return text;
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  return `[${lines.join(",")}]`;
}

/** The option that names the file or value an error path points into. */
const OPTION_OF = {
  now: "--now",
  model: "--model",
  playbook: "--playbook",
  leads: "--leads",
  segments: "--segment",
};

export async function funnelCommand(options, io) {
  const records = readText(options.records, "the records");
  const call = { cohort: options.cohort, format: options.format };
  if (options.now !== undefined && options.now !== "now") call.now = options.now;
  if (options.segment.length > 0) call.segments = options.segment;
  if (options.model) call.model = readText(options.model, "the model");
  if (options.playbook) call.playbook = readText(options.playbook, "the playbook");
  if (options.leads) call.leads = jsonArrayText(readText(options.leads, "the leads"));
  let report;
  try {
    report = funnel(records, call);
  } catch (error) {
    const file = { ModelError: options.model, PlaybookError: options.playbook }[error?.name];
    if (file)
      throw new StopError(`${file}: ${error.path ? `${error.path}: ` : ""}${error.message}`);
    if (error?.name !== "InputError") throw error;
    const path = error.path ?? "";
    const message = error.message.replace(/^invalid input at [^:]*: /, "");
    const where = /^(line \d+|\[\d+\])/.test(path)
      ? `${options.records} ${path}`
      : (OPTION_OF[path.split(/[.[]/)[0]] ?? path);
    throw new StopError(`${where ? `${where}: ` : ""}${message}`);
  }
  const text = typeof report === "string" ? report : `${JSON.stringify(report, null, 2)}\n`;
  if (options.out === undefined || options.out === "-") {
    await new Promise((resolve) => io.stdout.write(text, resolve));
  } else {
    try {
      writeFileSync(options.out, text);
    } catch (error) {
      throw new StopError(`cannot write ${options.out}: ${error.message}`);
    }
  }
  return EXIT.OK;
}
