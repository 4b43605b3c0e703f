// What the visitor scorer records from the page by itself: the page view, clicks on download
// links, and form submissions (the form's id and only the fields the site names). Each becomes
// an event `{ type, props }` handed to `record`; which of them are kept is the model's business
// (only types some rule reads).

import { wellFormedCopy } from "./history.js";

const MAX_TEXT = 200;

/** A page view: the path (no query string or fragment), the title and the referring page. */
export function pageViewProps(location, document) {
  return {
    path: location.pathname,
    title: clip(document.title),
    referrer: referrerOf(document.referrer),
  };
}

/** The referrer without its query string and fragment (they can hold personal data). */
function referrerOf(referrer) {
  if (!referrer) return "";
  try {
    const url = new URL(referrer);
    return `${url.origin}${url.pathname}`;
  } catch {
    return "";
  }
}

/** Page text, trimmed, cut to MAX_TEXT (not inside a surrogate pair) and well formed. */
function clip(text) {
  let value = String(text ?? "").trim();
  if (value.length > MAX_TEXT) {
    const last = value.charCodeAt(MAX_TEXT - 1);
    value = value.slice(0, last >= 0xd800 && last < 0xdc00 ? MAX_TEXT - 1 : MAX_TEXT);
  }
  return wellFormedCopy(value);
}

/** A download link's event props: its content type and title (from data attributes) and its path. */
export function downloadProps(link, { typeAttribute, titleAttribute }) {
  const props = {};
  const contentType = link.getAttribute(typeAttribute);
  if (contentType) props.contentType = contentType;
  const title = link.getAttribute(titleAttribute);
  if (title) props.title = clip(title);
  try {
    props.path = new URL(link.href, link.baseURI).pathname;
  } catch {
    // A link without a usable href still counts as a download of its type.
  }
  return props;
}

/**
 * A form submission's event props: `formId` (the form's id, else its name) and the value of each
 * field named in `fields` or in the form's `data-leadscore-fields` attribute (space-separated).
 * Nothing else is read: free text stays on the page unless the site names its field.
 */
export function formProps(form, fields) {
  const props = { formId: form.id || form.getAttribute("name") || "" };
  const named = form.getAttribute("data-leadscore-fields");
  const names = named === null ? fields : named.split(/\s+/).filter(Boolean);
  for (const name of names) {
    const value = fieldValue(form.elements.namedItem(name));
    if (value !== undefined) props[name] = value;
  }
  return props;
}

function fieldValue(field) {
  if (!field) return undefined;
  // Several inputs of one name (radio buttons, checkboxes): the checked ones.
  if (typeof field.length === "number" && !("options" in field)) {
    const checked = Array.from(field)
      .filter((input) => input.checked)
      .map((input) => clip(input.value));
    return field[0]?.type === "radio" ? (checked[0] ?? "") : checked;
  }
  if (field.type === "password") return undefined;
  if (field.type === "checkbox") return field.checked;
  if (field.type === "select-multiple")
    return Array.from(field.selectedOptions, (option) => clip(option.value));
  return clip(field.value);
}

/**
 * Listens for download clicks and form submissions on `document` (capture phase, so that a
 * handler that stops the event still lets it count) and hands each to `record(type, props)`.
 * Returns a function that stops listening.
 */
export function listen(document, config, record) {
  const onClick = (event) => {
    const link = event.target?.closest?.(config.downloads.selector);
    if (link) record(config.events.download, downloadProps(link, config.downloads));
  };
  const onSubmit = (event) => {
    const form = event.target;
    if (form?.matches?.(config.forms.selector))
      record(config.events.form, formProps(form, config.forms.fields));
  };
  if (config.downloads.selector) document.addEventListener("click", onClick, true);
  if (config.forms.selector) document.addEventListener("submit", onSubmit, true);
  return () => {
    document.removeEventListener("click", onClick, true);
    document.removeEventListener("submit", onSubmit, true);
  };
}
