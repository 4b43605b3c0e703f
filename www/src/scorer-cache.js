// The compiled models kept by model text, a few, the least recently used freed first: the
// worker's and the page's own reweigh's (a model is compiled once however often it is asked).

/** `scorerFor(text)`: the model compiled by `compile(text)`, kept with the `size` last used. */
export function scorerCache(compile, size) {
  const scorers = new Map(); // model text -> Scorer, least recently used first
  return function scorerFor(text) {
    let scorer = scorers.get(text);
    if (scorer) scorers.delete(text);
    else scorer = compile(text);
    scorers.set(text, scorer);
    while (scorers.size > size) {
      const [oldest, evicted] = scorers.entries().next().value;
      scorers.delete(oldest);
      evicted.free();
    }
    return scorer;
  };
}
