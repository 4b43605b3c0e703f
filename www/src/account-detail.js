// One account opened in the accounts view: its standing (total, fit, intent, band, MQA and why,
// when it crossed), its contacts with their scores, roles and engagement, the roles covered (by
// whom) and missing (with their plays, and who holds the role but is quiet), and the account
// signals that hold. Everything is the core's AccountResult; lead text goes in as text.
import { mqaWhy } from "./accounts.js";
import { $, fill, formatNumber, h } from "./dom.js";

/** Draws one account opened (`null`: none) into the #account-detail section; `threshold` is the MQA threshold. */
export function drawAccountDetail(account, threshold) {
  const section = $("#account-detail");
  section.hidden = account === null;
  if (!account) return;
  fill(
    $("#account-detail-heading"),
    `Account ${account.accountId}`,
    account.keyedBy === "domain" ? " (by email domain)" : "",
  );
  const crossed = account.crossedAt
    ? `crossed at ${account.crossedAt}${account.crossedBy ? ` with ${account.crossedBy}` : ""}`
    : "not crossed";
  const met = account.signals.filter((signal) => signal.met);
  const names = new Map(account.contacts.map((contact) => [contact.leadId, contact.name]));
  const who = (leadIds) =>
    leadIds
      .map((leadId) => (names.get(leadId) ? `${names.get(leadId)} (${leadId})` : leadId))
      .join(", ");
  fill(
    $("#account-detail-body"),
    h(
      "p",
      { class: "summary-line", id: "account-standing" },
      `Total ${account.total} (fit ${account.fit}, intent ${account.intent}), band ${account.band ?? "–"}; `,
      h("strong", {}, account.mqa ? "an MQA" : "not an MQA"),
      ` (${mqaWhy(account, threshold)}); ${crossed}. ${account.engagedContacts} engaged contact${account.engagedContacts === 1 ? "" : "s"}.`,
    ),
    h("h3", {}, "Contacts"),
    contactsTable(account),
    h("h3", {}, "Roles"),
    h(
      "ul",
      { class: "roles", id: "account-roles" },
      account.roles.covered.map((role) =>
        h(
          "li",
          { class: "covered" },
          h("strong", {}, role.label ?? role.roleId),
          ` covered by ${who(role.leadIds)}`,
        ),
      ),
      account.roles.missing.map((role) =>
        h(
          "li",
          { class: "missing", dataset: { role: role.roleId } },
          h("strong", {}, role.label ?? role.roleId),
          role.required ? " (required)" : "",
          ` missing: ${role.play}`,
          role.knownLeadIds.length > 0
            ? ` Holds the role but not engaged: ${who(role.knownLeadIds)}.`
            : "",
        ),
      ),
    ),
    h("h3", {}, "Signals that hold"),
    h(
      "ul",
      { id: "account-signals" },
      met.length === 0
        ? h("li", { class: "empty" }, "None.")
        : met.map((signal) =>
            h(
              "li",
              {},
              `${signal.label ?? signal.signalId}: ${signal.contacts} of ${signal.needed} contacts, +${signal.points} intent`,
            ),
          ),
    ),
  );
}

function contactsTable(account) {
  const roleNames = new Map(
    [...account.roles.covered, ...account.roles.missing].map((role) => [
      role.roleId,
      role.label ?? role.roleId,
    ]),
  );
  const header = ["Contact", "Title", "Total", "Fit", "Intent", "Band", "Roles", "Engaged"];
  return h(
    "div",
    { class: "table-scroll" },
    h(
      "table",
      { class: "data compact", id: "account-contacts" },
      h("caption", { class: "visually-hidden" }, `Contacts of ${account.accountId}`),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          header.map((label, i) =>
            h("th", { scope: "col", class: i >= 2 && i <= 4 ? "num" : null }, label),
          ),
        ),
      ),
      h(
        "tbody",
        {},
        account.contacts.map((contact) =>
          h(
            "tr",
            { dataset: { lead: contact.leadId } },
            h(
              "th",
              { scope: "row" },
              contact.name ?? contact.leadId,
              h("br"),
              h("span", { class: "hint" }, contact.leadId),
            ),
            h("td", {}, contact.title ?? "–"),
            h("td", { class: "num" }, formatNumber(contact.total)),
            h("td", { class: "num" }, formatNumber(contact.fit)),
            h("td", { class: "num" }, formatNumber(contact.intent)),
            h(
              "td",
              {},
              contact.band ?? "–",
              contact.mql ? " · MQL" : "",
              contact.disqualified ? " · disqualified" : "",
            ),
            h(
              "td",
              {},
              contact.roles.map((roleId) => roleNames.get(roleId) ?? roleId).join(", ") || "–",
            ),
            h(
              "td",
              { class: "engaged" },
              contact.engaged ? "yes" : "no",
              contact.lastEngagementAt
                ? h("span", { class: "hint" }, ` (last ${contact.lastEngagementAt.slice(0, 10)})`)
                : "",
            ),
          ),
        ),
      ),
    ),
  );
}
