// The full-build worker: leadscore's full build in a worker of its own, started only when a view
// needs it (leads with outcomes for the calibration, a model with accounts for the accounts
// view; one instance each, full-worker-client.js), so the scoring worker keeps the smaller build. Its jobs answer in the protocol
// worker-client.js speaks (`{ id, ok, value | error }`, and "ready" once the engine is loaded):
//   check      `checkScores` on the table calibration.js builds
//   leads      holds the page's leads for the accounts: their JSON text from the scoring worker,
//              or generated again here from the generator's options
//   accounts   scores the held leads into accounts (`AccountScorer.scoreAccounts`) with a model
//              as of a time; answers with compact rows (accounts.js), keeps the full results
//   account    one account's full result, from the last `accounts`
import { AccountScorer, Scorer, checkScores } from "leadscore/full";
import { generateLead } from "leadscore/generate";
import { accountsSummary } from "./accounts.js";

let leads = null; // { generation, text }
let accountScorer = null; // { model, scorer, accounts }
let lastAccounts = new Map(); // account id -> its full result, from the last `accounts`

function accountScorerFor(model) {
  if (accountScorer?.model === model) return accountScorer.accounts;
  const scorer = new Scorer(model);
  let accounts;
  try {
    accounts = new AccountScorer(scorer);
  } catch (error) {
    scorer.free();
    throw error;
  }
  accountScorer?.accounts.free();
  accountScorer?.scorer.free();
  accountScorer = { model, scorer, accounts };
  return accounts;
}

/** The JSON text of the generated leads `options` describe (the generator is deterministic). */
function generatedText(options) {
  const leads = [];
  for (let i = 0; i < options.leads; i++) leads.push(generateLead(i, options).lead);
  return JSON.stringify(leads);
}

const jobs = {
  check: ({ table, options }) => checkScores(table, options),

  leads({ generation, text, generate }) {
    leads = { generation, text: text ?? generatedText(generate) };
    lastAccounts = new Map();
    return { generation };
  },

  accounts({ model, asOf, generation }) {
    if (leads?.generation !== generation) throw new Error(`no leads of generation ${generation}`);
    const started = performance.now();
    const result = accountScorerFor(model).scoreAccounts(leads.text, { asOf });
    const ms = performance.now() - started;
    lastAccounts = new Map(result.accounts.map((account) => [account.accountId, account]));
    const threshold = JSON.parse(model).accounts?.mqa?.threshold;
    return { generation, asOf, threshold, ...accountsSummary(result, threshold), ms };
  },

  account({ accountId }) {
    const account = lastAccounts.get(accountId);
    if (!account) throw new Error(`no account ${accountId}`);
    return account;
  },
};

self.addEventListener("message", ({ data }) => {
  const job = jobs[data.type];
  if (!job) return;
  try {
    self.postMessage({ id: data.id, ok: true, value: job(data) });
  } catch (error) {
    const { name, message, path } = error ?? {};
    self.postMessage({ id: data.id, ok: false, error: { name, message: String(message), path } });
  }
});
self.postMessage({ type: "ready" });
