// The `leadscore` command line: argument parsing (commander) and dispatch to the commands.
// Every command returns an exit code; nothing here calls process.exit, so output is flushed.
import { readFileSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { EXIT, UsageError, StopError } from "./errors.mjs";

const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

const EXIT_CODES_HELP = `
Exit codes:
  ${EXIT.OK}  success: every lead scored, the model is valid
  ${EXIT.PROBLEMS}  problems found: \`validate\` listed problems in the model, or \`score\` skipped
     bad input lines (each reported on stderr; every other lead was scored)
  ${EXIT.USAGE}  usage error: unknown command or option, a bad option value, a file that cannot be read
  ${EXIT.STOPPED}  stopped: \`score\` could not finish (an invalid model, a bad line with
     --on-error fail, input that is not well formed, output that cannot be written);
     output written so far stays. \`calibrate\` and \`funnel\` stop so on input they cannot
     use (a value that is not an outcome, a repeated id, one class only, a bad record)`;

const SCORE_HELP = `
Input (--leads, or standard input):
  jsonl  one lead per line: {"id": ..., "attributes": {...}, "events": [...]}
  json   a JSON array of leads
  csv    a CRM export: a header row, one lead a row, attributes as columns; the id column is
         --id-column; events can come from a second CSV (--events) with columns
         <id column>, type, at and optionally the event's own id (eventId, or id when the
         lead id column is not id), the other columns becoming event props
  With --input-format auto (the default) the format follows the file extension (.csv, .jsonl,
  .ndjson, .json) or else the first character (\`[\` json, \`{\` jsonl, anything else csv).

Output (stdout, or --out):
  jsonl  one result per line (without contributions unless --explain)
  csv    one row per lead with the key fields (--explain adds why and contributions)
  table  an aligned table for people (--explain adds each lead's contributions)

Bad input lines are reported on stderr as \`line N: <path>: <message>\` and skipped
(--on-error skip, the default) or end the run (--on-error fail). A summary of how many leads
were scored and skipped follows on stderr; a progress bar shows when stderr is a terminal.
A lead over a limit (--max-events-per-lead, --max-string-length, --max-nesting-depth) is such a
bad line; a model over one (--max-rules, --max-string-length, --max-nesting-depth) stops the run.

Examples:
  $ leadscore score --model model.json --leads leads.jsonl --as-of 2026-11-20T17:00:00Z
  $ leadscore generate --leads 1000 --seed 7 | leadscore score --model model.json --format csv
  $ leadscore score --model model.json --leads export.csv --id-column "Prospect ID" --format table`;

const ACCOUNTS_HELP = `

Accounts (--accounts, with a model that has an accounts section):
  One JSON line per account (without contributions unless --explain), read from leads grouped by
  account: an account's leads next to each other (sort a CSV export by account), so only one
  account is held at a time. An account met again after others stops the run. Leads in no
  account (a free-mail address, no email) are counted in the summary.
  $ leadscore score --model model.json --leads by-account.jsonl --accounts`;

const GENERATE_HELP = `
Writes synthetic leads as JSON Lines (or a JSON array): attributes (name, email, title, company,
companySize, industry, country, source) and event histories (visit, page_view, content_download,
email_open, demo_request, unsubscribe) over --days days up to --end. The same options and seed
give the same leads; lead i does not depend on --leads. With --outcomes, each lead's outcome
{"id", "converted", "p"} drawn from a hidden "true" model is written there, to check a scoring
model's calibration against.

With --contacts-per-account N, consecutive leads come in accounts of N contacts working at one
company (an accountId attribute), ready for \`leadscore score --accounts\`.

Example:
  $ leadscore generate --leads 10000 --seed 42 --outcomes outcomes.jsonl > leads.jsonl`;

const CALIBRATE_HELP = `
Leads (--leads: JSON Lines, a JSON array or a CSV export) with an outcome each: a column of the
leads file (--outcome-column, taken out before scoring), or a separate file (--outcomes: CSV or
JSON Lines, as \`leadscore generate --outcomes\` writes) joined by lead id. Outcomes are
yes/no, 1/0 or true/false in any case; an empty one leaves the lead out (counted on stderr).
Values that are not outcomes, ids given twice and one class only stop the run. Each lead is
scored as of its decision time (--decided-at-column, else --as-of): later events are not seen.

The report: conversion by band, decile and score range with 95% Wilson intervals, AUC with its
interval, threshold advice against the healthy 40-70% MQL-to-SQL band, each rule's power, and
points fitted by L2-regularised logistic regression on a training part, compared with the model
as it is on the holdout (seeded random split, or --holdout-from for a split by time).

Examples:
  $ leadscore calibrate --model model.json --leads export.csv --id-column "Prospect ID" \\
      --outcome-column Converted --write-model fitted.json
  $ leadscore generate --leads 20000 --seed 7 --outcomes outcomes.jsonl > leads.jsonl
  $ leadscore calibrate --model model.json --leads leads.jsonl --outcomes outcomes.jsonl \\
      --as-of 2026-11-20T17:00:00Z --format markdown > calibration.md`;

const FUNNEL_HELP = `
Lifecycle records (what Lifecycle.apply returns), one JSON object a line: acceptance, MQL-to-SQL,
meeting and opportunity rates with 95% intervals, speed to lead (median and p90), SLA adherence
by signal, rejection reasons (by --segment attributes), recycling, MQL counts and cohorts, with
flags for what falls outside the healthy bands.

Example:
  $ leadscore funnel --records records.jsonl --now 2026-12-01T00:00:00Z --cohort week`;

function positiveInteger(name, { min = 1 } = {}) {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < min) {
      throw new InvalidArgumentError(`${name} must be a whole number of at least ${min}.`);
    }
    return number;
  };
}

function nonNegativeNumber(name) {
  return (value) => {
    const number = Number(value);
    if (value.trim() === "" || !Number.isFinite(number) || number < 0)
      throw new InvalidArgumentError(`${name} must be a number of at least 0.`);
    return number;
  };
}

function share(name) {
  return (value) => {
    const number = Number(value);
    if (value.trim() === "" || !(number > 0 && number < 1))
      throw new InvalidArgumentError(`${name} must be a number above 0 and below 1.`);
    return number;
  };
}

const collect = (value, list) => [...list, value];

/**
 * The command-line program, writing to `io`'s streams; each command runs through `run`, which
 * keeps its exit code.
 */
function program(io, run) {
  const cli = new Command("leadscore")
    .description(
      "Score leads with a leadscore model, validate and compile models, generate synthetic leads, calibrate a model against outcomes and measure the funnel.",
    )
    .version(`${manifest.version}`, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .addHelpText("after", EXIT_CODES_HELP)
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride();

  cli
    .command("score")
    .description("score leads (JSON Lines, a JSON array or CSV) with a model, streaming")
    .requiredOption("-m, --model <file>", "the scoring model (JSON)")
    .option("-l, --leads <file>", "the leads; - or omitted: standard input")
    .addOption(
      new Option("--input-format <format>", "the input's format")
        .choices(["auto", "jsonl", "json", "csv"])
        .default("auto"),
    )
    .option("--id-column <name>", "CSV: the column holding the lead id", "id")
    .option("--events <file>", "CSV: a second CSV of events, keyed by lead id (read into memory)")
    .option(
      "--events-id-column <name>",
      "CSV: the events file's lead id column (default: --id-column)",
    )
    .option("--as-of <time>", 'score as of this moment: RFC 3339 or "now" (default: now)')
    .addOption(
      new Option("-f, --format <format>", "the output's format")
        .choices(["jsonl", "csv", "table"])
        .default("jsonl"),
    )
    .option("--explain", "add the contributions and why a lead is (or is not) an MQL")
    .option("-o, --out <file>", "write results to this file instead of standard output")
    .addOption(
      new Option("--on-error <policy>", "what a bad input line does")
        .choices(["skip", "fail"])
        .default("skip"),
    )
    .option(
      "--batch-size <n>",
      "leads scored per call into the engine",
      positiveInteger("--batch-size"),
      500,
    )
    .option(
      "--max-events-per-lead <n>",
      "a lead with more events is refused (default 100000)",
      positiveInteger("--max-events-per-lead"),
    )
    .option(
      "--max-rules <n>",
      "a model with more rules is refused (default 10000)",
      positiveInteger("--max-rules"),
    )
    .option(
      "--max-string-length <n>",
      "a lead or model with a longer string (UTF-8 bytes) is refused (default 65536)",
      positiveInteger("--max-string-length"),
    )
    .option(
      "--max-nesting-depth <n>",
      "a lead or model nesting arrays and objects deeper is refused (default 32)",
      positiveInteger("--max-nesting-depth"),
    )
    .option("-q, --quiet", "no progress bar and no summary (problems are still reported)")
    .option("--accounts", "one result per account (leads grouped by account; see below)")
    .addHelpText("after", SCORE_HELP + ACCOUNTS_HELP + "\n" + EXIT_CODES_HELP)
    .action((options) =>
      run(async () =>
        options.accounts
          ? (await import("./score-accounts.mjs")).scoreAccountsCommand(options, io)
          : (await import("./score.mjs")).scoreCommand(options, io),
      ),
    );

  cli
    .command("validate")
    .description("list every problem in a model with its path; exit 1 if there are any")
    .argument("<model>", "the model file (JSON)")
    .addHelpText("after", EXIT_CODES_HELP)
    .action((modelPath) =>
      run(async () => (await import("./validate.mjs")).validateCommand(modelPath, io)),
    );

  cli
    .command("compile")
    .description("compile a model ahead for the visitor scorer (leadscore/visitor), as JSON")
    .argument("<model>", "the model file (JSON)")
    .option("-o, --out <file>", "write the compiled model to this file instead of standard output")
    .addHelpText("after", EXIT_CODES_HELP)
    .action((modelPath, options) =>
      run(async () =>
        (await import("./compile-command.mjs")).compileCommand(modelPath, options, io),
      ),
    );

  cli
    .command("generate")
    .description("write synthetic, realistic leads (reproducible from --seed)")
    .option("-n, --leads <n>", "how many leads", positiveInteger("--leads", { min: 0 }), 1000)
    .option("-s, --seed <seed>", "the random seed (any text)", "1")
    .option(
      "--events-per-lead <n>",
      "the mean number of events per lead",
      nonNegativeNumber("--events-per-lead"),
      50,
    )
    .option("--days <n>", "how many days of history", nonNegativeNumber("--days"), 180)
    .option("--end <time>", "when the histories end, RFC 3339", "2026-11-20T17:00:00Z")
    .option("--id-prefix <text>", "lead ids are <prefix>-000001, ...", "gen")
    .option(
      "--contacts-per-account <n>",
      "leads come in accounts of n contacts (an accountId attribute; default 1: no accounts)",
      positiveInteger("--contacts-per-account"),
    )
    .option(
      "--outcomes <file>",
      "also write each lead's outcome {id, converted, p} (JSON Lines) here",
    )
    .addOption(
      new Option("-f, --format <format>", "the output's format")
        .choices(["jsonl", "json"])
        .default("jsonl"),
    )
    .option("-o, --out <file>", "write leads to this file instead of standard output")
    .option("-q, --quiet", "no progress bar")
    .addHelpText("after", GENERATE_HELP + "\n" + EXIT_CODES_HELP)
    .action((options) =>
      run(async () => (await import("./generate-command.mjs")).generateCommand(options, io)),
    );

  cli
    .command("calibrate")
    .description("check a model against outcomes and fit its points (the report, a fitted model)")
    .requiredOption("-m, --model <file>", "the scoring model (JSON)")
    .option("-l, --leads <file>", "the leads; - or omitted: standard input")
    .addOption(
      new Option("--input-format <format>", "the leads' format")
        .choices(["auto", "jsonl", "json", "csv"])
        .default("auto"),
    )
    .option("--id-column <name>", "the lead id column (CSV)", "id")
    .option("--outcome-column <name>", "the outcome column or field", "converted")
    .option("--outcomes <file>", "the outcomes in a separate file (CSV or JSON Lines), by lead id")
    .option(
      "--outcomes-id-column <name>",
      "the outcomes file's lead id column (default: --id-column)",
    )
    .option("--decided-at-column <name>", "a column or field with each lead's decision time")
    .option("--as-of <time>", 'the decision time of leads without one: RFC 3339 or "now"')
    .option("--seed <n>", "seeds the split and the folds", positiveInteger("--seed", { min: 0 }), 0)
    .option(
      "--holdout-share <share>",
      "a random split: the share held out (default 0.3)",
      share("--holdout-share"),
    )
    .option("--holdout-from <time>", "a split by time: leads decided from then on are held out")
    .option("--folds <n>", "cross-validation folds", positiveInteger("--folds", { min: 2 }), 5)
    .option(
      "--target-mqls <n>",
      "advise a threshold for this many MQLs",
      positiveInteger("--target-mqls"),
    )
    .option(
      "--min-mqls <n>",
      "fewer MQLs are too few to judge by (default 30)",
      positiveInteger("--min-mqls"),
    )
    .option(
      "--range-width <n>",
      "width of the score ranges (default 10)",
      positiveInteger("--range-width"),
    )
    .addOption(
      new Option("-f, --format <format>", "the report's format")
        .choices(["text", "json", "markdown"])
        .default("text"),
    )
    .option("-o, --out <file>", "write the report to this file instead of standard output")
    .option("--write-model <file>", "write the fitted model (it validates) to this file")
    .option("--features-out <file>", "write the feature table the regression fitted (CSV)")
    .option("-q, --quiet", "no summary on standard error")
    .addHelpText("after", CALIBRATE_HELP + "\n" + EXIT_CODES_HELP)
    .action((options) =>
      run(async () => (await import("./calibrate.mjs")).calibrateCommand(options, io)),
    );

  cli
    .command("funnel")
    .description("funnel metrics from lifecycle records (JSON Lines)")
    .requiredOption("-r, --records <file>", "the lifecycle records: JSON Lines or a JSON array")
    .option("--now <time>", 'judge open SLA clocks as of this moment: RFC 3339 or "now"')
    .addOption(
      new Option("--cohort <period>", "cohorts by the MQL's month or week")
        .choices(["month", "week"])
        .default("month"),
    )
    .option(
      "--segment <attribute>",
      "break rejections down by this attribute (repeatable)",
      collect,
      [],
    )
    .option("-m, --model <file>", "the model (with --leads: the rules that carried each MQL)")
    .option("--playbook <file>", "the playbook (with --model): speed to lead in business time")
    .option("-l, --leads <file>", "the leads (a JSON array or JSON Lines), scored as of each MQL")
    .addOption(
      new Option("-f, --format <format>", "the report's format")
        .choices(["text", "json", "markdown"])
        .default("text"),
    )
    .option("-o, --out <file>", "write the report to this file instead of standard output")
    .addHelpText("after", FUNNEL_HELP + "\n" + EXIT_CODES_HELP)
    .action((options) =>
      run(async () => (await import("./funnel-command.mjs")).funnelCommand(options, io)),
    );

  return cli;
}

/**
 * Runs the command line `argv` (without "node" and the script) and returns the exit code.
 * `io` defaults to the process's stdin, stdout and stderr.
 */
export async function main(
  argv,
  io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
) {
  let code = EXIT.OK;
  const run = async (command) => {
    code = await command();
  };
  const cli = program(io, run);
  try {
    if (argv.length === 0) {
      cli.outputHelp({ error: true });
      return EXIT.USAGE;
    }
    await cli.parseAsync(argv, { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; everything else commander rejects is a usage error.
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`leadscore: ${error.message}\n`);
      return EXIT.USAGE;
    }
    if (error instanceof StopError) {
      io.stderr.write(`leadscore: ${error.message}\n`);
      return EXIT.STOPPED;
    }
    io.stderr.write(`leadscore: unexpected error: ${error?.stack ?? error}\n`);
    return EXIT.STOPPED;
  }
}
