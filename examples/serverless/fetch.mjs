// A Web-standard `fetch(request)` handler (Node 18+ servers, Deno, Bun, workers) that scores a
// lead per request. The model is compiled once when the module loads (a cold start) and reused
// by every request after it. The model comes in as a JSON module, so no file system is needed.
//
// POST { "lead": {...}, "asOf"? } or { "leadId", "events", "attributes"?, "asOf"? }
//   -> 200 { "result": ScoreResult } | 4xx { "error": { "name", "message", "path" } }
import { Scorer } from "leadscore";
import model from "../models/b2b-default.json" with { type: "json" };
import { createScoringService, MAX_BODY_BYTES } from "./scoring-service.mjs";

const service = createScoringService(new Scorer(model));

export default {
  async fetch(request) {
    const contentLength = Number(request.headers.get("content-length") ?? 0);
    let body = "";
    // An oversized body is refused unread.
    if (!(contentLength > MAX_BODY_BYTES)) body = await request.text().catch(() => null);
    const response = service.handle({ method: request.method, contentType: request.headers.get("content-type"), contentLength, body });
    return new Response(JSON.stringify(response.body), { status: response.status, headers: response.headers });
  },
};
