// The raw JSON editor (a textarea): its text replaced without losing the scroll position, a
// JSON.parse error placed at its line and column, and the value at a problem's path selected.
import { locatePath, lineColumn } from "./paths.js";

/** Replaces the editor's text, keeping where it is scrolled to. */
export function setEditorText(editor, text) {
  const { scrollTop } = editor;
  editor.value = text;
  editor.scrollTop = scrollTop;
}

/** A JSON.parse error with its line and column, from the position V8 reports. */
export function jsonErrorAt(text, error) {
  const position = /position (\d+)/.exec(error.message)?.[1];
  const offset = position === undefined ? text.length : Number(position);
  const { line, column } = lineColumn(text, offset);
  const message = error.message
    .replace(/^JSON\.parse: /, "")
    .replace(/ in JSON at position \d+.*$/, "")
    .replace(/ \(line \d+ column \d+\)$/, "");
  return { message, offset, line, column };
}

/** Selects the value at a problem's path in the editor. */
export function showInEditor(editor, path) {
  const text = editor.value;
  let place;
  try {
    place = locatePath(text, path);
  } catch {
    place = { start: 0, end: 0 };
  }
  editor.focus();
  editor.setSelectionRange(place.start, place.end);
  const { line } = lineColumn(text, place.start);
  const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 18;
  editor.scrollTop = Math.max(0, (line - 4) * lineHeight);
}

/** Selects the character where the JSON stops parsing. */
export function showParseError(editor, { offset }) {
  editor.focus();
  editor.setSelectionRange(offset, Math.min(offset + 1, editor.value.length));
}
