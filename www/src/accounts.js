// The accounts view's data, without the DOM: the compact rows the full-build worker answers with
// (from leadscore's `AccountScorer.scoreAccounts`, which works every figure out), why an account
// is or is not an MQA in words, and the table's sort. Pure, so the same code runs in the worker
// and in unit tests.

/** Whether a model has an accounts section (only then does the page score accounts). */
export const hasAccounts = (model) =>
  model !== null &&
  typeof model === "object" &&
  model.accounts !== null &&
  typeof model.accounts === "object" &&
  !Array.isArray(model.accounts);

const BLOCKERS = {
  missingRoles: "a required role is not engaged",
  tooFewRoles: "too few roles engaged",
  tooFewEngagedContacts: "too few engaged contacts",
  fitTooLow: "fit too low",
  intentTooLow: "intent too low",
};

/** Why an account is an MQA or not, in words. */
export function mqaWhy(account, threshold) {
  if (account.mqa) return "reached the threshold";
  if (account.blockedBy.length > 0)
    return account.blockedBy.map((blocker) => BLOCKERS[blocker] ?? blocker).join("; ");
  return typeof threshold === "number" ? `below ${threshold}` : "below the threshold";
}

const roleName = (role) => role.label ?? role.roleId;

/** One table row of an account's result. */
export function accountRow(account, threshold) {
  return {
    accountId: account.accountId,
    keyedBy: account.keyedBy,
    total: account.total,
    fit: account.fit,
    intent: account.intent,
    band: account.band,
    mqa: account.mqa,
    why: mqaWhy(account, threshold),
    engaged: account.engagedContacts,
    contacts: account.contacts.length,
    covered: account.roles.covered.map(roleName),
    missing: account.roles.missing.map((role) => ({
      name: roleName(role),
      required: role.required,
    })),
    crossedAt: account.crossedAt,
  };
}

/**
 * The view's answer for `scoreAccounts`'s result: a row per account (best total first, then by
 * id), the number of MQAs, and the leads in no account counted by reason.
 */
export function accountsSummary(result, threshold) {
  const rows = result.accounts.map((account) => accountRow(account, threshold));
  rows.sort(compareBy("total", "desc"));
  const ungrouped = {};
  for (const { reason } of result.ungrouped) ungrouped[reason] = (ungrouped[reason] ?? 0) + 1;
  return {
    rows,
    mqas: rows.filter((row) => row.mqa).length,
    contacts: rows.reduce((sum, row) => sum + row.contacts, 0),
    ungrouped,
  };
}

/** The value a column sorts by. */
function sortValue(row, key) {
  switch (key) {
    case "mqa":
      return row.mqa ? 1 : 0;
    case "covered":
      return row.covered.length;
    case "missing":
      return row.missing.length;
    default:
      return row[key];
  }
}

/** A comparer of rows by column `key` (`"asc"` or `"desc"`), ties by account id. */
export function compareBy(key, direction) {
  const sign = direction === "asc" ? 1 : -1;
  return (a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    const order =
      typeof x === "number" && typeof y === "number"
        ? x - y
        : String(x ?? "").localeCompare(String(y ?? ""));
    return order !== 0
      ? sign * order
      : a.accountId < b.accountId
        ? -1
        : a.accountId > b.accountId
          ? 1
          : 0;
  };
}
