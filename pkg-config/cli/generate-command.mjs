// `leadscore generate`: writes synthetic leads (and optionally their outcomes) as they are made,
// waiting on the output when it is full, so a million leads take no more memory than ten.
import { generatorOptions, generateLead } from "./generate.mjs";
import { EXIT, UsageError } from "./errors.mjs";
import { openOutput, progressBar, OutputClosed } from "./streams.mjs";

const CHUNK_LEADS = 200;

export async function generateCommand(options, io) {
  let opts;
  try {
    opts = generatorOptions({
      leads: options.leads,
      seed: options.seed,
      eventsPerLead: options.eventsPerLead,
      days: options.days,
      end: options.end,
      idPrefix: options.idPrefix,
      contactsPerAccount: options.contactsPerAccount,
    });
  } catch (error) {
    throw new UsageError(
      error.message.replace(
        /^(\w+)/,
        (name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
      ),
    );
  }
  const toStdout = (path) => path === undefined || path === "-";
  if (options.outcomes !== undefined && toStdout(options.outcomes) && toStdout(options.out)) {
    throw new UsageError(
      "--outcomes and the leads cannot both go to standard output; give one of them a file (--out or --outcomes FILE)",
    );
  }
  const out = await openOutput(options.out, io.stdout);
  const outcomes =
    options.outcomes === undefined ? null : await openOutput(options.outcomes, io.stdout);
  const json = options.format === "json";
  // A bar only when writing a file: piped into `leadscore score`, that one shows its own.
  const progress = progressBar(io.stderr, {
    enabled: !options.quiet && !toStdout(options.out),
    total: opts.leads,
    noun: "leads",
  });
  try {
    if (json) await out.write("[");
    for (let from = 0; from < opts.leads; from += CHUNK_LEADS) {
      let leads = "";
      let truths = "";
      const to = Math.min(from + CHUNK_LEADS, opts.leads);
      for (let index = from; index < to; index++) {
        const { lead, outcome } = generateLead(index, opts);
        leads += json
          ? `${index > 0 ? "," : ""}\n${JSON.stringify(lead)}`
          : `${JSON.stringify(lead)}\n`;
        if (outcomes) truths += `${JSON.stringify(outcome)}\n`;
      }
      await out.write(leads);
      if (outcomes) await outcomes.write(truths);
      progress.update(to, to);
    }
    if (json) await out.write(opts.leads > 0 ? "\n]\n" : "]\n");
    await out.close();
    if (outcomes) await outcomes.close();
  } catch (error) {
    if (error instanceof OutputClosed) return EXIT.OK;
    throw error;
  } finally {
    progress.stop();
  }
  return EXIT.OK;
}
