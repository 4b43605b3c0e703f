// JSON paths as leadscore writes them in a ModelError (`intent.rules[3].decay.halfLifeDays`):
// split into segments, read and written on a model object, and found in JSON text so that the
// raw editor can select the offending value.

/** `"a.b[2].c"` -> `["a", "b", 2, "c"]`; `""` -> `[]`. Quoted keys (`where["a.b"]`) are read. */
export function parsePath(path) {
  const segments = [];
  const pattern = /\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\.?([^.[\]]+)/g;
  let match;
  while ((match = pattern.exec(path)) !== null) {
    if (match[1] !== undefined) segments.push(Number(match[1]));
    else if (match[2] !== undefined) segments.push(JSON.parse(`"${match[2]}"`));
    else segments.push(match[3]);
  }
  return segments;
}

/** Segments back to a path: `["a", 0, "b"]` -> `"a[0].b"`. */
export function formatPath(segments) {
  let path = "";
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) path += path === "" ? segment : `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/** The value at `path` in `root`, or undefined. */
export function getAt(root, path) {
  let value = root;
  for (const segment of parsePath(path)) {
    if (value === null || typeof value !== "object") return undefined;
    value = value[segment];
  }
  return value;
}

/**
 * Sets the value at `path`, creating objects on the way; `undefined` deletes the key (or, in an
 * array, the item). Mutates `root`.
 */
export function setAt(root, path, value) {
  const segments = parsePath(path);
  if (segments.length === 0) throw new Error("cannot replace the root");
  let parent = root;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i];
    if (parent[segment] === null || typeof parent[segment] !== "object") {
      if (value === undefined) return root;
      parent[segment] = typeof segments[i + 1] === "number" ? [] : {};
    }
    parent = parent[segment];
  }
  const last = segments[segments.length - 1];
  if (value !== undefined) parent[last] = value;
  else if (Array.isArray(parent) && typeof last === "number") parent.splice(last, 1);
  else delete parent[last];
  return root;
}

/**
 * Where each value of a JSON text is: a Map from path to `{ start, end, keyStart }` (character
 * offsets; `keyStart` is where its key begins, for object members). Throws a SyntaxError on text
 * that is not JSON (use JSON.parse first for a good message).
 */
export function locateValues(text) {
  const places = new Map();
  let i = 0;
  const fail = () => {
    throw new SyntaxError(
      `unexpected ${i < text.length ? JSON.stringify(text[i]) : "end of text"} at ${i}`,
    );
  };
  const space = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const string = () => {
    if (text[i] !== '"') fail();
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i >= text.length) fail();
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const value = (segments, keyStart) => {
    space();
    const start = i;
    const c = text[i];
    if (c === "{") {
      i++;
      space();
      if (text[i] === "}") i++;
      else {
        for (;;) {
          space();
          const memberStart = i;
          const key = string();
          space();
          if (text[i++] !== ":") fail();
          value([...segments, key], memberStart);
          space();
          if (text[i] === ",") i++;
          else if (text[i] === "}") {
            i++;
            break;
          } else fail();
        }
      }
    } else if (c === "[") {
      i++;
      space();
      if (text[i] === "]") i++;
      else {
        for (let index = 0; ; index++) {
          value([...segments, index], undefined);
          space();
          if (text[i] === ",") i++;
          else if (text[i] === "]") {
            i++;
            break;
          } else fail();
        }
      }
    } else if (c === '"') string();
    else {
      const match = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
        text.slice(i, i + 64),
      );
      if (!match) fail();
      i += match[0].length;
    }
    places.set(formatPath(segments), { start, end: i, keyStart: keyStart ?? start });
  };
  value([], undefined);
  space();
  if (i !== text.length) fail();
  return places;
}

/**
 * Where a problem at `path` should be shown in JSON text: the value at the path, or (for a
 * missing key) the nearest enclosing value that is there. Returns `{ start, end, path, exact }`.
 */
export function locatePath(text, path) {
  const places = locateValues(text);
  const segments = parsePath(path);
  for (let n = segments.length; n >= 0; n--) {
    const found = places.get(formatPath(segments.slice(0, n)));
    if (found)
      return {
        start: found.keyStart,
        end: found.end,
        path: formatPath(segments.slice(0, n)),
        exact: n === segments.length,
      };
  }
  return { start: 0, end: 0, path: "", exact: false };
}

/** 1-based line and column of a character offset. */
export function lineColumn(text, offset) {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}
