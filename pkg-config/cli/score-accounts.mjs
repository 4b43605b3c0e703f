// `leadscore score --accounts`: one result per account, streamed over leads grouped by account
// (an account's leads next to each other, as a CRM export sorted by account gives them). Only the
// current account's leads are held, so memory stays flat; an account met again after others is
// refused, since its score would be split in two.
import { Scorer, AccountScorer } from "../node/full/index.mjs";
import { EXIT, UsageError, StopError } from "./errors.mjs";
import {
  compileModel,
  limitsOf,
  resolveAsOf,
  describeLeadError,
  loadEvents,
  noteUnusedEvents,
} from "./score.mjs";
import { openInput, openOutput, OutputClosed } from "./streams.mjs";
import { leadRecords } from "./lead-sources.mjs";

/** The most contacts any account may hold (the model's `accounts.maxContacts` is at most this). */
const MOST_CONTACTS = 10_000;

export async function scoreAccountsCommand(options, io) {
  if (options.format !== "jsonl")
    throw new UsageError("--accounts writes JSON Lines (--format jsonl), one account a line");
  if ((options.leads === undefined || options.leads === "-") && io.stdin.isTTY)
    throw new UsageError("no leads: pass --leads FILE, or pipe leads into standard input");
  const startedAt = Date.now();
  // An account's leads are scored as one batch: at most MOST_CONTACTS of them.
  const limits = { ...limitsOf(options), batchSize: MOST_CONTACTS };
  const scorer = compileModel(options.model, io, Scorer, limits);
  let accounts;
  try {
    accounts = new AccountScorer(scorer);
  } catch (error) {
    if (error?.name !== "ModelError") throw error;
    scorer.free();
    throw new StopError(
      `the model ${options.model} has no accounts section (see the README's account scoring)`,
    );
  }
  const asOf = resolveAsOf(scorer, options.asOf);
  const failFast = options.onError === "fail";
  const tally = { accounts: 0, mqa: 0, leads: 0, ungrouped: new Map(), skipped: 0 };
  const events = options.events === undefined ? null : await loadEvents(options, io, failFast);
  const input = openInput(options.leads, io.stdin, "the leads");
  const { format, records } = await leadRecords(input, options, events);
  const out = await openOutput(options.out, io.stdout);

  const report = (line, text) => {
    tally.skipped++;
    io.stderr.write(`line ${line}: ${text}\n`);
    if (failFast) throw new StopError(`stopped at line ${line} (--on-error fail)`);
  };
  const closed = new Set();
  let current = null;

  /** Scores the account being read and writes its line. */
  async function finish() {
    if (current === null) return;
    const { accountId, records: held, line } = current;
    closed.add(accountId);
    current = null;
    if (held.length > MOST_CONTACTS) {
      report(line, `account ${accountId}: more than ${MOST_CONTACTS} contacts; not scored`);
      return;
    }
    let account;
    try {
      account = accounts.scoreAccount(`[${held.map((r) => r.text).join(",")}]`, { asOf });
    } catch (error) {
      if (error?.name !== "InputError") throw error;
      report(line, `account ${accountId}: ${error.message}`);
      return;
    }
    tally.accounts++;
    tally.leads += held.length;
    if (account.mqa) tally.mqa++;
    const { contributions, ...rest } = account;
    await out.write(JSON.stringify(options.explain ? account : rest) + "\n");
  }

  let stopped = null;
  try {
    for await (const record of records) {
      if (record.error !== undefined) {
        report(
          record.line,
          `${record.error.path ? `${record.error.path}: ` : ""}${record.error.message}`,
        );
        continue;
      }
      let key;
      try {
        key = accounts.accountOf(record.text);
      } catch (error) {
        if (error?.name !== "InputError") throw error;
        const problem = describeLeadError(record, error, format);
        report(problem.line, problem.text);
        continue;
      }
      if (key.accountId === null) {
        tally.ungrouped.set(key.ungrouped, (tally.ungrouped.get(key.ungrouped) ?? 0) + 1);
        continue;
      }
      if (current?.accountId !== key.accountId) {
        await finish();
        if (closed.has(key.accountId))
          throw new StopError(
            `line ${record.line}: account ${key.accountId} again after other accounts: --accounts needs the leads grouped by account (sort them by account first)`,
          );
        current = { accountId: key.accountId, records: [], line: record.line };
      }
      // Past the most any account may hold, the rest are counted, not kept.
      if (current.records.length <= MOST_CONTACTS) current.records.push(record);
    }
    await finish();
    await out.close();
  } catch (error) {
    if (error instanceof OutputClosed) return EXIT.OK;
    if (!(error instanceof StopError)) throw error;
    stopped = error;
  } finally {
    accounts.free();
    scorer.free();
  }
  if (events) noteUnusedEvents(events, options, io);
  if (stopped) throw stopped;
  if (!options.quiet) io.stderr.write(summary(tally, Date.now() - startedAt));
  return tally.skipped > 0 ? EXIT.PROBLEMS : EXIT.OK;
}

function summary({ accounts, mqa, leads, ungrouped, skipped }, ms) {
  const n = (value) => value.toLocaleString("en-US");
  const none = [...ungrouped.entries()].map(([reason, count]) => `${n(count)} ${reason}`);
  const total = [...ungrouped.values()].reduce((sum, count) => sum + count, 0);
  return (
    `scored ${n(accounts)} ${accounts === 1 ? "account" : "accounts"} (${n(mqa)} MQA${mqa === 1 ? "" : "s"}) from ${n(leads)} leads` +
    `, ${n(total)} leads in no account${none.length > 0 ? ` (${none.join(", ")})` : ""}` +
    `, skipped ${n(skipped)} in ${(ms / 1000).toFixed(1)} s\n`
  );
}
