// One lead before and after the edit, as the changes list shows it when opened: score, band, MQL
// reason, crossing and blockers side by side; each rule's points and decay factor before and
// after; the lead's events, outcome and attributes. Built from the worker's answer to "explain".
import { h, formatNumber } from "./dom.js";
import { compareContributions, crossing, why } from "./explain.js";
import { OUTCOME_UNKNOWN, OUTCOME_YES } from "./constants.js";

const decayText = (side) =>
  side === null ? "" : side.decayFactor === 1 ? "1" : side.decayFactor.toFixed(2);
const pointsText = (side) => (side === null ? "–" : String(side.points));

function resultFacts(result, heading) {
  const facts = [
    ["Score", `${result.total} (fit ${result.fit}, intent ${result.intent})`],
    ["Band", [result.band ?? "none", result.grid ? ` · grid ${result.grid}` : ""].join("")],
    ["MQL", `${result.mql ? "yes" : "no"}: ${why(result)}`],
    ["Crossed", crossing(result)],
  ];
  if (result.trigger)
    facts.push([
      "Hand-raise",
      `${result.trigger.ruleId} on ${result.trigger.event.type} at ${result.trigger.event.at.slice(0, 16).replace("T", " ")} UTC`,
    ]);
  if (result.blockedBy.length > 0) facts.push(["Blockers", result.blockedBy.join(", ")]);
  if (result.lastEngagementAt) facts.push(["Last engaged", result.lastEngagementAt.slice(0, 10)]);
  return h(
    "div",
    { class: "facts" },
    h("h4", {}, heading),
    h(
      "dl",
      {},
      facts.map(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]),
    ),
  );
}

/** The explanation of `lead` (`{ before, after, events, outcome, attributes }`), as elements. */
export function explanation(lead) {
  const rows = compareContributions(lead.before, lead.after);
  const outcome =
    lead.outcome === null
      ? null
      : lead.outcome === OUTCOME_UNKNOWN
        ? "unknown"
        : lead.outcome === OUTCOME_YES
          ? "converted"
          : "did not convert";
  const attributes = Object.entries(lead.attributes ?? {});
  return [
    h(
      "div",
      { class: "facts-pair" },
      resultFacts(lead.before, "Baseline"),
      resultFacts(lead.after, "Edited"),
    ),
    rows.length === 0
      ? h("p", { class: "muted" }, "No rule counted for this lead in either model.")
      : h(
          "table",
          { class: "data compact contributions" },
          h("caption", {}, "Contributions: points after decay and caps, per rule"),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, "Rule"),
              h("th", { scope: "col" }, "Group"),
              h("th", { scope: "col", class: "num" }, "Before"),
              h("th", { scope: "col", class: "num" }, "After"),
              h("th", { scope: "col", class: "num" }, "Decay before"),
              h("th", { scope: "col", class: "num" }, "Decay after"),
              h("th", { scope: "col", class: "num" }, "Counted"),
            ),
          ),
          h(
            "tbody",
            {},
            rows.map((row) => {
              const delta = (row.after?.points ?? 0) - (row.before?.points ?? 0);
              return h(
                "tr",
                { class: delta !== 0 ? "changed" : null },
                h(
                  "th",
                  { scope: "row" },
                  h("span", { class: "rule-name" }, row.label ?? row.ruleId),
                  row.label ? h("code", {}, row.ruleId) : null,
                ),
                h("td", {}, row.group),
                h("td", { class: "num" }, pointsText(row.before)),
                h("td", { class: "num" }, pointsText(row.after)),
                h("td", { class: "num" }, decayText(row.before)),
                h("td", { class: "num" }, decayText(row.after)),
                h(
                  "td",
                  { class: "num" },
                  row.after
                    ? `${row.after.counted} of ${row.after.matched}`
                    : row.before
                      ? `${row.before.counted} of ${row.before.matched}`
                      : "",
                ),
              );
            }),
          ),
        ),
    h(
      "p",
      { class: "hint" },
      `${formatNumber(lead.events)} event${lead.events === 1 ? "" : "s"}`,
      outcome ? ` · outcome: ${outcome}` : "",
    ),
    attributes.length > 0
      ? h(
          "details",
          { class: "attributes" },
          h("summary", {}, `Attributes (${attributes.length})`),
          h(
            "dl",
            {},
            attributes.map(([name, value]) => [
              h("dt", {}, name),
              h("dd", {}, typeof value === "string" ? value : JSON.stringify(value)),
            ]),
          ),
        )
      : null,
  ];
}
