// The parity check's browser tier: scores a JSON Lines file of leads with a model using the
// package's browser build, `scoreBatch` from JSON text, and hands each batch's results back to
// the runner (`window.parityEmit`, exposed by Playwright) as JSON Lines.
import { Scorer } from "/pkg/web/index.js";

/** The lines of a fetched text, as they stream in. */
async function* lines(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let rest = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const parts = (rest + value).split("\n");
    rest = parts.pop();
    yield* parts;
  }
  if (rest !== "") yield rest;
}

window.scoreAll = async ({ name, model, leadsUrl, asOf, batch }) => {
  const scorer = new Scorer(model);
  let leads = [];
  const flush = async () => {
    const results = scorer.scoreBatch(`[${leads.join(",")}]`, { asOf });
    await window.parityEmit(
      name,
      results.map((result) => JSON.stringify(result)).join("\n") + "\n",
    );
    leads = [];
  };
  for await (const line of lines(leadsUrl)) {
    if (line.trim() === "") continue;
    leads.push(line);
    if (leads.length === batch) await flush();
  }
  if (leads.length > 0) await flush();
  scorer.free();
};
