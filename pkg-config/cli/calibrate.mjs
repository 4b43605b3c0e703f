// `leadscore calibrate`: leads and their outcomes (a column of the leads file, or a separate file
// joined by lead id) through the core's calibration; the report as text, JSON or Markdown, and
// optionally the fitted model and the feature table the regression fitted.
import { writeFileSync } from "node:fs";
import { Calibration, validateModel } from "../node/full/index.mjs";
import { EXIT, UsageError, StopError } from "./errors.mjs";
import { readModelText, describeIssues } from "./model-file.mjs";
import { openInput } from "./streams.mjs";
import { leadRecords } from "./lead-sources.mjs";
import { OutcomeLedger, joinOutcomes, oneClassOnly } from "./outcomes.mjs";
import { readOutcomeRecords } from "./outcome-sources.mjs";

/** Leads handed to the engine per call. */
const BATCH = 5000;

export async function calibrateCommand(options, io) {
  const calibration = openCalibration(options.model, io);
  try {
    const leads = await readLeads(options, io);
    const { outcomes, warnings } = options.outcomes
      ? await outcomesFromFile(leads, options, io)
      : outcomesInLeads(leads, options);
    for (const warning of warnings) io.stderr.write(`warning: ${warning}\n`);
    const oneClass = oneClassOnly(outcomes);
    if (oneClass) throw new StopError(oneClass);
    addLeads(calibration, leads, outcomes, options);
    const runOptions = runOptionsOf(options);
    const report = run(() => calibration.run(runOptions));
    await writeOut(options.out, io, formatted(calibration, report, options.format));
    if (options.writeModel) writeModel(options.writeModel, report.fitted.model);
    if (options.featuresOut) writeFeatures(options.featuresOut, calibration.features(runOptions));
    if (!options.quiet) io.stderr.write(summary(report, options));
    return EXIT.OK;
  } finally {
    calibration.free();
  }
}

function openCalibration(path, io) {
  const text = readModelText(path);
  try {
    return new Calibration(text);
  } catch (error) {
    if (error?.name !== "ModelError") throw error;
    io.stderr.write(describeIssues(path, error.errors));
    throw new StopError(`the model ${path} is not valid (see \`leadscore validate\`)`);
  }
}

/**
 * Every lead of the leads file as `{ line, lead }`, the lead parsed (its outcome read and taken
 * out later). A row or line that cannot be read stops the run with its line.
 */
async function readLeads(options, io) {
  if ((options.leads === undefined || options.leads === "-") && io.stdin.isTTY) {
    throw new UsageError("no leads: pass --leads FILE, or pipe leads into standard input");
  }
  const input = openInput(options.leads, io.stdin, "the leads");
  const { format, records } = await leadRecords(input, options, null);
  const leads = [];
  for await (const record of records) {
    const at = `${input.name} line ${record.line}`;
    if (record.error !== undefined) {
      const path = record.error.path ? `${record.error.path}: ` : "";
      throw new StopError(`${at}: ${path}${record.error.message}`);
    }
    let lead;
    try {
      lead = JSON.parse(record.text);
    } catch (error) {
      throw new StopError(`${at}: not JSON: ${error.message}`);
    }
    if (lead === null || typeof lead !== "object" || Array.isArray(lead)) {
      throw new StopError(`${at}: a lead is an object {"id", "attributes", "events"}`);
    }
    if (lead.id === undefined || lead.id === null || lead.id === "") {
      throw new StopError(`${at}: id: a lead needs an id, to be joined to its outcome`);
    }
    leads.push({ line: record.line, lead });
  }
  return { source: input.name, format, leads };
}

/**
 * Takes the field `name` out of a lead (its top level, else its attributes) and returns its
 * value, or undefined when the lead has no such field. The model never sees the outcome.
 */
function takeField(lead, name) {
  if (Object.hasOwn(lead, name) && !["id", "attributes", "events"].includes(name)) {
    const value = lead[name];
    delete lead[name];
    return value;
  }
  const attributes = lead.attributes;
  if (attributes && typeof attributes === "object" && Object.hasOwn(attributes, name)) {
    const value = attributes[name];
    delete attributes[name];
    return value;
  }
  return undefined;
}

/** The outcomes from a column (field) of the leads file, with its problems said. */
function outcomesInLeads({ source, format, leads }, options) {
  const column = options.outcomeColumn;
  const ledger = new OutcomeLedger({ column, source });
  let found = 0;
  for (const { line, lead } of leads) {
    const value = takeField(lead, column);
    if (value !== undefined) found++;
    const decidedAt = options.decidedAtColumn ? takeField(lead, options.decidedAtColumn) : null;
    ledger.add(String(lead.id), value ?? null, line, decidedAt ?? null);
  }
  if (found === 0 && leads.length > 0) {
    throw new StopError(
      `${source}: no lead has the outcome ${format === "csv" ? "column" : "field"} ${JSON.stringify(column)}: ` +
        "name it with --outcome-column, or give the outcomes in a separate file with --outcomes",
    );
  }
  stopOnErrors(ledger);
  const outcomes = leads.map(({ lead }) => {
    const known = ledger.byId.get(String(lead.id));
    return known.converted === null
      ? null
      : { converted: known.converted, decidedAt: known.decidedAt };
  });
  return { outcomes, warnings: ledger.warnings() };
}

/** The outcomes from a separate file, joined to the leads by id. */
async function outcomesFromFile({ source, leads }, options, io) {
  const ledger = await readOutcomeRecords(options.outcomes, io, {
    idColumn: options.outcomesIdColumn ?? options.idColumn,
    column: options.outcomeColumn,
    decidedAtColumn: options.decidedAtColumn,
  });
  stopOnErrors(ledger);
  for (const { lead } of leads) takeField(lead, options.outcomeColumn);
  const ids = leads.map(({ lead }) => String(lead.id));
  return joinOutcomes(ids, ledger, { leadsSource: source });
}

function stopOnErrors(ledger) {
  const errors = ledger.errors();
  if (errors.length > 0) throw new StopError(errors.join("\nleadscore: "));
}

/** Hands the leads to the engine in batches; a lead it cannot read stops the run with its line. */
function addLeads(calibration, { source, leads }, outcomes, options) {
  const asOf = options.asOf === undefined || options.asOf === "now" ? new Date() : options.asOf;
  for (let start = 0; start < leads.length; start += BATCH) {
    const batch = leads.slice(start, start + BATCH);
    const known = outcomes.slice(start, start + BATCH);
    try {
      calibration.add(
        batch.map(({ lead }) => lead),
        known.map((outcome) => outcome?.converted ?? null),
        { asOf, decidedAt: known.map((outcome) => outcome?.decidedAt ?? null) },
      );
    } catch (error) {
      if (error?.name !== "InputError") throw error;
      const at = /^leads\[(\d+)\]\.?(.*)$/.exec(error.path ?? "");
      const message = error.message.replace(/^invalid input at [^:]*: /, "");
      if (at) {
        const path = at[2] ? `${at[2]}: ` : "";
        throw new StopError(`${source} line ${batch[Number(at[1])].line}: ${path}${message}`);
      }
      if (error.path === "decidedAt") throw new StopError(`a decision time ${message}`);
      if (error.path === "asOf")
        throw new UsageError(`--as-of ${JSON.stringify(options.asOf)}: ${message}`);
      throw new StopError(error.message);
    }
  }
}

function runOptionsOf(options) {
  const run = { seed: options.seed, folds: options.folds };
  if (options.holdoutShare !== undefined) run.holdoutShare = options.holdoutShare;
  if (options.holdoutFrom !== undefined) run.holdoutFrom = options.holdoutFrom;
  if (options.targetMqls !== undefined) run.targetMqls = options.targetMqls;
  if (options.minMqls !== undefined) run.minMqls = options.minMqls;
  if (options.rangeWidth !== undefined) run.rangeWidth = options.rangeWidth;
  return run;
}

/** Runs the calibration; what the core refuses (too few leads for the folds...) stops the run. */
function run(calibrate) {
  try {
    return calibrate();
  } catch (error) {
    if (error?.name !== "InputError") throw error;
    const option = { holdoutFrom: "--holdout-from", holdoutShare: "--holdout-share" }[error.path];
    if (option)
      throw new UsageError(`${option}: ${error.message.replace(/^invalid input at [^:]*: /, "")}`);
    throw new StopError(error.message.replace(/^invalid input at ([^:]*): /, "$1: "));
  }
}

function formatted(calibration, report, format) {
  if (format === "json") return `${JSON.stringify(report, null, 2)}\n`;
  const text = calibration.render(format);
  return text.endsWith("\n") ? text : `${text}\n`;
}

async function writeOut(path, io, text) {
  if (path === undefined || path === "-") {
    await new Promise((resolve) => io.stdout.write(text, resolve));
    return;
  }
  writeTo(path, text);
}

function writeTo(path, text) {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new StopError(`cannot write ${path}: ${error.message}`);
  }
}

/** The fitted model, checked by the validator the other commands use before it is written. */
function writeModel(path, model) {
  const issues = validateModel(model);
  if (issues.length > 0) {
    throw new StopError(`the fitted model does not validate: ${describeIssues(path, issues)}`);
  }
  writeTo(path, `${JSON.stringify(model, null, 2)}\n`);
}

/** The feature table as CSV: id, converted (1/0), part, gate, then one column per rule. */
function writeFeatures(path, table) {
  const cell = (text) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const lines = [["id", "converted", "part", "gate", ...table.rules].map(cell).join(",")];
  for (const lead of table.leads) {
    lines.push(
      [cell(lead.id), lead.converted ? "1" : "0", lead.part, lead.gate, ...lead.features].join(","),
    );
  }
  writeTo(path, `${lines.join("\n")}\n`);
}

function summary(report, options) {
  const n = (value) => value.toLocaleString("en-US");
  const auc = (separation) => separation.auc?.auc.toFixed(3) ?? "–";
  const { original, fitted } = report.comparison;
  const wrote = options.writeModel ? `; fitted model written to ${options.writeModel}` : "";
  return (
    `calibrated ${n(report.leads.all.leads)} leads (${n(report.leads.holdout.leads)} held out): ` +
    `holdout AUC ${auc(original)} as is, ${auc(fitted)} fitted${wrote}\n`
  );
}
