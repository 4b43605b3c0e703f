// Output formats for `leadscore score`: JSON Lines, CSV (csv-stringify) and an aligned table.
// Each formatter turns a batch of results into text: `start()`, `batch(rows)` and `end()`, where
// a row is `{ result, record }` (the record carries the lead's display name, when known).
import { stringify } from "csv-stringify/sync";

/** Why the lead is (or is not) an MQL, in a few words. */
export function why(result) {
  if (result.mql) {
    const how =
      result.mqlReason === "instant"
        ? `hand-raiser (${result.trigger.ruleId})`
        : "reached the threshold";
    return `${how}, crossed ${result.crossedAt.slice(0, 10)}`;
  }
  if (result.blockedBy.length > 0) return `blocked: ${result.blockedBy.join(", ")}`;
  if (result.crossedAt)
    return `below the threshold now (was an MQL on ${result.crossedAt.slice(0, 10)})`;
  return "below the threshold";
}

const contributionList = (result) =>
  result.contributions.map((c) => `${c.ruleId} ${c.points > 0 ? "+" : ""}${c.points}`).join(", ");

export function createFormatter(format, options) {
  if (format === "csv") return csvFormatter(options);
  if (format === "table") return tableFormatter(options);
  return jsonLinesFormatter(options);
}

function jsonLinesFormatter({ explain }) {
  return {
    start: () => "",
    batch(rows) {
      let out = "";
      for (const { result } of rows) {
        if (explain) {
          out += JSON.stringify({ ...result, why: why(result) }) + "\n";
        } else {
          const { contributions, ...rest } = result;
          out += JSON.stringify(rest) + "\n";
        }
      }
      return out;
    },
    end: () => "",
  };
}

const CSV_COLUMNS = [
  "leadId",
  "fit",
  "intent",
  "total",
  "band",
  "fitBand",
  "intentBand",
  "grid",
  "mql",
  "mqlReason",
  "handRaiser",
  "blockedBy",
  "crossedAt",
  "lastEngagementAt",
];

function csvFormatter({ explain }) {
  const columns = explain ? [...CSV_COLUMNS, "why", "contributions", "warnings"] : CSV_COLUMNS;
  return {
    start: () => stringify([columns]),
    batch(rows) {
      const records = rows.map(({ result }) => {
        const cells = [
          result.leadId,
          result.fit,
          result.intent,
          result.total,
          result.band ?? "",
          result.fitBand ?? "",
          result.intentBand ?? "",
          result.grid ?? "",
          result.mql,
          result.mqlReason ?? "",
          result.handRaiser,
          result.blockedBy.join(";"),
          result.crossedAt ?? "",
          result.lastEngagementAt ?? "",
        ];
        if (explain) {
          cells.push(
            why(result),
            result.contributions.map((c) => `${c.ruleId}=${c.points}`).join(";"),
            result.warnings.map((w) => `${w.code}=${w.count}`).join(";"),
          );
        }
        return cells;
      });
      return stringify(records, { cast: { boolean: (value) => String(value) } });
    },
    end: () => "",
  };
}

const TABLE_HEADER = ["lead", "fit", "intent", "total", "band", "MQL", "why"];
const NUMERIC = new Set([1, 2, 3]);
const MAX_LEAD_WIDTH = 40;

/**
 * An aligned table. The column widths come from the first batch (so the table can stream), and
 * a longer lead label later on is cut to fit.
 */
function tableFormatter({ explain, title }) {
  let widths = null;
  const line = (cells) =>
    cells
      .map((cell, c) => {
        if (c === cells.length - 1) return cell;
        const fitted = cell.length > widths[c] ? cell.slice(0, widths[c] - 1) + "…" : cell;
        return NUMERIC.has(c) ? fitted.padStart(widths[c]) : fitted.padEnd(widths[c]);
      })
      .join("  ")
      .trimEnd() + "\n";
  return {
    start: () => `${title}\n\n`,
    batch(rows) {
      const cells = rows.map(({ result, record }) => [
        `${result.leadId} ${record.name ?? ""}`.trim(),
        String(result.fit),
        String(result.intent),
        String(result.total),
        result.band ?? "-",
        result.mql ? "yes" : "no",
        why(result),
      ]);
      let out = "";
      if (widths === null) {
        widths = TABLE_HEADER.map((h, c) =>
          Math.max(h.length, ...cells.map((row) => row[c].length)),
        );
        widths[0] = Math.min(widths[0], MAX_LEAD_WIDTH);
        out += line(TABLE_HEADER) + line(widths.map((w) => "-".repeat(w)));
      }
      cells.forEach((row, i) => {
        out += line(row);
        if (explain) {
          const result = rows[i].result;
          const details = [contributionList(result) || "no contributions"];
          if (result.warnings.length > 0)
            details.push(
              `warnings: ${result.warnings.map((w) => `${w.code} x${w.count}`).join(", ")}`,
            );
          out += `    ${details.join("; ")}\n`;
        }
      });
      return out;
    },
    end: () => (widths === null ? "(no leads)\n" : ""),
  };
}
