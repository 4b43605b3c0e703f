// An AWS Lambda handler (API Gateway REST or HTTP API, or a Lambda function URL) that scores a
// lead per request and keeps its lifecycle. The model and the playbook are read and compiled once
// per cold start, at module scope, and every invocation of the warm instance reuses them.
//
//   LEADSCORE_MODEL=path/to/model.json         the model (default: the example model)
//   LEADSCORE_PLAYBOOK=path/to/playbook.json   the lifecycle's playbook (default: the example
//                                              playbook; "none" for scoring only)
//   LEADSCORE_LIMITS='{"eventsPerLead":5000}'   engine limits replacing those of LIMITS in
//                                              scoring-service.mjs (JSON)
//
// POST { "lead": {...}, "asOf"? } or { "leadId", "events", "attributes"?, "asOf"? } or
//      { "state", "events", ... }, each optionally with "lifecycle": { "record", "routing"? }
//   -> 200 { "result": ScoreResult, ... } | 4xx { "error": { "name", "message", "path" } }
// (see scoring-service.mjs)
import { readFileSync } from "node:fs";
import { Scorer, Lifecycle, AccountScorer } from "leadscore/full";
import { createScoringService, LIMITS } from "./scoring-service.mjs";

const modelPath =
  process.env.LEADSCORE_MODEL ?? new URL("../models/b2b-default.json", import.meta.url);
const playbookPath =
  process.env.LEADSCORE_PLAYBOOK ?? new URL("../playbooks/b2b-default.json", import.meta.url);
// Cold start: a bad model or playbook fails here, loudly, before any request is served.
const model = readFileSync(modelPath, "utf8");
const lifecycle =
  playbookPath === "none" ? null : new Lifecycle(readFileSync(playbookPath, "utf8"), model);
const limits = { ...LIMITS, ...JSON.parse(process.env.LEADSCORE_LIMITS ?? "{}") };
const scorer = new Scorer(model, { limits });
// Accounts are rolled up when the model has an accounts section (see scoring-service.mjs).
const accounts = JSON.parse(model).accounts === undefined ? null : new AccountScorer(scorer);
const service = createScoringService(scorer, lifecycle, accounts);

export async function handler(event) {
  const headers = Object.fromEntries(
    Object.entries(event?.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const method = event?.requestContext?.http?.method ?? event?.httpMethod ?? "POST";
  let body = event?.body ?? "";
  if (event?.isBase64Encoded && typeof body === "string")
    body = Buffer.from(body, "base64").toString("utf8");
  if (typeof body !== "string") body = JSON.stringify(body);
  const response = service.handle({
    method: method.toUpperCase(),
    contentType: headers["content-type"],
    body,
  });
  return {
    statusCode: response.status,
    headers: response.headers,
    body: JSON.stringify(response.body),
  };
}
