// A CRM export (CSV already split into a header and rows of text cells) turned into leads, as
// the `leadscore score --input-format csv` command does: one lead a row, the id from a chosen
// column, every other non-empty cell an attribute named by its header and kept as text (numeric
// conditions read numeric text: "900" meets { "min": 200 }). An outcome column, when there is
// one, is kept out of the attributes (no rule should read the answer) and used for calibration.

const normalize = (name) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Column names, best first, that usually hold a CRM record's id. */
const ID_NAMES = [
  "prospectid",
  "leadid",
  "id",
  "contactid",
  "recordid",
  "leadnumber",
  "email",
  "emailaddress",
];
/** Column names that usually hold the outcome. */
const OUTCOME_NAMES = [
  "converted",
  "isconverted",
  "conversion",
  "outcome",
  "won",
  "isWon",
  "closedwon",
  "convertedtocustomer",
].map(normalize);

const TRUE_WORDS = new Set(["1", "true", "yes", "y", "won", "converted"]);
const FALSE_WORDS = new Set(["0", "false", "no", "n", "lost", "notconverted"]);

/** A cell read as an outcome: true, false, or null when it says neither. */
export function parseOutcome(cell) {
  const word = normalize(String(cell ?? ""));
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return null;
}

/** The column that most likely holds the lead id (by its name), or null (use row numbers). */
export function guessIdColumn(headers) {
  const byName = new Map(headers.map((header) => [normalize(header), header]));
  for (const name of ID_NAMES) if (byName.has(name)) return byName.get(name);
  return headers.find((header) => /(^|[^a-z])id$/i.test(header.trim())) ?? null;
}

/**
 * Columns that can be an outcome: every non-empty cell reads as true or false, and both occur.
 * Returns their names in header order.
 */
export function outcomeColumns(headers, rows) {
  return headers.filter((_, column) => {
    let yes = false;
    let no = false;
    for (const row of rows) {
      const cell = row[column];
      if (cell === undefined || cell.trim() === "") continue;
      const outcome = parseOutcome(cell);
      if (outcome === null) return false;
      if (outcome) yes = true;
      else no = true;
    }
    return yes && no;
  });
}

/** The outcome column to use by default: a candidate named like one, else none. */
export function guessOutcomeColumn(candidates) {
  return candidates.find((header) => OUTCOME_NAMES.includes(normalize(header))) ?? null;
}

/**
 * Leads from CSV rows (arrays of cells in header order). `idColumn` null numbers the rows
 * ("row-1"...); a row whose id cell is empty gets its row number too. `outcomeColumn` null means
 * no outcomes. Returns `{ leads, outcomes, notes }`: `outcomes[i]` is true, false or null
 * (unknown) for `leads[i]`, or the whole array is null; `notes` tell what was odd.
 */
export function rowsToLeads(headers, rows, { idColumn = null, outcomeColumn = null } = {}) {
  const idIndex = idColumn === null ? -1 : headers.indexOf(idColumn);
  const outcomeIndex = outcomeColumn === null ? -1 : headers.indexOf(outcomeColumn);
  if (idColumn !== null && idIndex < 0)
    throw new Error(`no column named ${JSON.stringify(idColumn)}`);
  if (outcomeColumn !== null && outcomeIndex < 0)
    throw new Error(`no column named ${JSON.stringify(outcomeColumn)}`);
  const leads = [];
  const outcomes = outcomeIndex < 0 ? null : [];
  const seen = new Set();
  let noId = 0;
  let duplicates = 0;
  let unknownOutcomes = 0;
  rows.forEach((row, r) => {
    let id = idIndex < 0 ? "" : (row[idIndex] ?? "").trim();
    if (id === "") {
      id = `row-${r + 1}`;
      if (idIndex >= 0) noId++;
    }
    if (seen.has(id)) duplicates++;
    seen.add(id);
    const attributes = {};
    headers.forEach((header, column) => {
      if (column === idIndex || column === outcomeIndex || header === "") return;
      const cell = row[column];
      if (cell !== undefined && cell.trim() !== "") attributes[header] = cell;
    });
    leads.push({ id, attributes });
    if (outcomes) {
      const outcome = parseOutcome(row[outcomeIndex]);
      if (outcome === null) unknownOutcomes++;
      outcomes.push(outcome);
    }
  });
  const notes = [];
  if (noId > 0)
    notes.push(`${noId} row${noId === 1 ? " has" : "s have"} no ${idColumn}: named by row number`);
  if (duplicates > 0)
    notes.push(`${duplicates} row${duplicates === 1 ? " repeats" : "s repeat"} an id already seen`);
  if (unknownOutcomes > 0)
    notes.push(
      `${unknownOutcomes} row${unknownOutcomes === 1 ? " has" : "s have"} no readable ${outcomeColumn}: left out of calibration`,
    );
  return { leads, outcomes, notes };
}
