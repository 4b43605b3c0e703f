// A Web-standard `fetch(request)` handler (Node 18+ servers, Deno, Bun, workers) that scores a
// lead per request and keeps its lifecycle. The model and the playbook are compiled once when
// the module loads (a cold start) and reused by every request after it. They come in as JSON
// modules, so no file system is needed.
//
// POST { "lead": {...}, "asOf"? } or { "leadId", "events", "attributes"?, "asOf"? } or
//      { "state", "events", ... }, each optionally with "lifecycle": { "record", "routing"? }
//   -> 200 { "result": ScoreResult, ... } | 4xx { "error": { "name", "message", "path" } }
// (see scoring-service.mjs)
import { Scorer, Lifecycle, AccountScorer } from "leadscore/full";
import model from "../models/b2b-default.json" with { type: "json" };
import playbook from "../playbooks/b2b-default.json" with { type: "json" };
import { createScoringService, LIMITS, MAX_BODY_BYTES } from "./scoring-service.mjs";

/** A `{ fetch(request) }` handler around a scoring service (see scoring-service.mjs). */
export function fetchHandler(service) {
  return {
    async fetch(request) {
      const contentLength = Number(request.headers.get("content-length") ?? 0);
      let body = "";
      // An oversized body is refused unread.
      if (!(contentLength > MAX_BODY_BYTES)) body = await request.text().catch(() => null);
      const response = service.handle({
        method: request.method,
        contentType: request.headers.get("content-type"),
        contentLength,
        body,
      });
      return new Response(JSON.stringify(response.body), {
        status: response.status,
        headers: response.headers,
      });
    },
  };
}

const scorer = new Scorer(model, { limits: LIMITS });
export default fetchHandler(
  createScoringService(
    scorer,
    new Lifecycle(playbook, model),
    model.accounts === undefined ? null : new AccountScorer(scorer),
  ),
);
