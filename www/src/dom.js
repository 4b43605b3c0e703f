// A tiny element builder: h("td", { class: "num" }, "42"). Attributes starting with "on" become
// event listeners; `null`, `undefined` and `false` attributes and children are left out. Text
// children are text nodes (never HTML), so data from a CSV cannot inject markup. Also writers
// that touch the DOM only when what they write differs (a render after an edit then lays out
// and paints only what changed), the page's number formats, and `afterPaint` (a call once the
// next frame is painted; `afterPaintBehind`, in a task after that).

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function")
      element.addEventListener(name.slice(2), value);
    else if (name === "class") element.className = value;
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name === "value" || name === "checked" || name === "selected") element[name] = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** Replaces an element's children. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/**
 * Sets a node's text only when it differs, in its text node when it has just one (`textContent`
 * replaces the node, even with the same text: a new node to style and lay out). No text leaves
 * no node (so that `:empty` holds).
 */
export function setText(node, text) {
  const only = node.firstChild;
  if (text !== "" && only !== null && only === node.lastChild && only.nodeType === Node.TEXT_NODE) {
    if (only.data !== text) only.data = text;
  } else if (node.textContent !== text) node.textContent = text;
}

/** Sets an attribute (or, for `value`, `min` and `max`, the property) only when it differs. */
export function setAttr(element, name, value) {
  if (name === "value" || name === "min" || name === "max") {
    if (element[name] !== value) element[name] = value;
  } else if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

/** Sets an element's class only when it differs (a render then restyles what changed only). */
export function setClass(element, name) {
  if (element.className !== name) element.className = name;
}

/** Shows or hides an element, writing its `hidden` attribute only when that changes. */
export function setHidden(element, hidden) {
  if (element.hidden !== hidden) element.hidden = hidden;
}

const filledFor = new WeakMap();

/** As `fill` with `build()`'s children, unless the element was last filled for this `key`. */
export function fillFor(element, key, build) {
  if (filledFor.get(element) === key) return element;
  filledFor.set(element, key);
  return fill(element, build());
}

/** One formatter for every number (`toLocaleString` builds one per call: slow in a table). */
const numbers = new Intl.NumberFormat("en-US");

export const formatNumber = (n) => (n === null || n === undefined ? "–" : numbers.format(n));
export const formatPercent = (x, digits = 1) =>
  x === null || x === undefined || Number.isNaN(x) ? "–" : `${(100 * x).toFixed(digits)}%`;
export const formatSigned = (n) =>
  n > 0 ? `+${numbers.format(n)}` : n < 0 ? `−${numbers.format(-n)}` : "±0";

/**
 * Calls `fn` once the next frame is painted (a task queued from the frame's animation callback
 * runs after its paint), or after 100 ms when no frame comes (a page in the background).
 */
export function afterPaint(fn) {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    clearTimeout(fallback);
    fn();
  };
  const fallback = setTimeout(once, 100);
  requestAnimationFrame(() => setTimeout(once, 0));
}

/**
 * Calls `fn` in a task of its own behind those that the frame's animation callbacks queued:
 * work that follows a frame (a message to the worker, the status line, the next frame's texts)
 * then never holds back what measures that frame, the page's own figure first (`afterPaint`).
 */
export function afterPaintBehind(fn) {
  afterPaint(() => setTimeout(fn, 0));
}
