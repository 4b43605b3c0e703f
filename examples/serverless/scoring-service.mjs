// The platform-neutral part of the serverless examples: turns a request (method, content type,
// body text) into a response (status, headers, JSON body) with a compiled Scorer and, optionally,
// a compiled Lifecycle. lambda.mjs and fetch.mjs only adapt their platform's request and response
// shapes to this.
//
// Requests (POST, JSON):
//   { "lead": { "id", "attributes"?, "events"? }, "asOf"? }           score a whole lead
//   { "leadId", "events", "attributes"?, "asOf"? }                   score a lead id and its events
//   { "state", "events", "leadId"?, "attributes"?, "asOf"? }         incremental: fold new events
//        into a stored state (base64; null to start one for `leadId`)
// Response 200: { "result": ScoreResult } (and "state", base64, for incremental requests).
//
// With a playbook, any request may also carry the lead's lifecycle record:
//   "lifecycle": { "record": LifecycleRecord | null, "routing"?: RoutingState }
// and the response adds { "lifecycle": { "record", "routing", "effects" } }: the score went to the
// lifecycle as a `scoreUpdate` (at `asOf`), so an MQL comes back routed, with its handoff, task
// and SLA as effects to carry out. `null` starts a record. (With an incremental request the
// handoff summarises the events that request carries.)
//
// With a model that has an accounts section, any request may also carry the lead's account, as
// the caller stores it: "account": { "contacts": [{ "attributes", "score" }], "crossedAt"? } (the
// other contacts' last results, and when the account first was an MQA). The response adds
// { "account": AccountResult }: the account rolled up again with this lead's new result in place
// of its old one (its attributes kept when the request has none); store it and the new result.
// A bad request gets a 4xx with
// { "error": { "name", "message", "path" } }, `path` pointing into the request body.
// Never throws: an unexpected failure is a 500.

/** Largest body accepted (AWS Lambda's own payload limit). */
export const MAX_BODY_BYTES = 6 * 1024 * 1024;

/**
 * The engine's limits for a scorer that serves requests from anyone (`new Scorer(model,
 * { limits: LIMITS })`): one lead a request, so tighter than the package's defaults. A request
 * over one is a 400 InputError at the path of the first value past it (`lead.events[10000]`).
 * An incremental request's limit is on the events it brings, not on the history in the state.
 */
export const LIMITS = Object.freeze({
  eventsPerLead: 10_000,
  rulesPerModel: 10_000,
  stringLength: 8_192,
  nestingDepth: 16,
  batchSize: 1,
});

/** Request shapes, tried in order by their distinguishing key; a new shape is one more entry. */
const REQUEST_SHAPES = [
  {
    key: "state",
    keys: ["state", "leadId", "events", "attributes", "asOf", "lifecycle", "account"],
    run: updateState,
  },
  { key: "lead", keys: ["lead", "asOf", "lifecycle", "account"], run: scoreLead },
  {
    key: "leadId",
    keys: ["leadId", "events", "attributes", "asOf", "lifecycle", "account"],
    run: scoreLeadEvents,
  },
];

/** A request that cannot be served, with its status and the path of the bad value. */
class RequestError extends Error {
  constructor(status, name, message, path = "") {
    super(message);
    this.status = status;
    this.name = name;
    this.path = path;
  }
}

/**
 * A request handler around `scorer` and, optionally, a `lifecycle` and an `accounts` scorer
 * (an `AccountScorer` of the same model; compile them once, at cold start, and reuse them).
 * `handle({ method, contentType, contentLength?, body })` returns `{ status, headers, body }`:
 * the request's body is text (null when it could not be read), the response's a JSON-ready
 * object.
 */
export function createScoringService(scorer, lifecycle = null, accounts = null) {
  return {
    handle(request) {
      try {
        return respond(200, serve(scorer, lifecycle, request, accounts));
      } catch (error) {
        if (error instanceof RequestError) {
          const headers = error.status === 405 ? { allow: "POST" } : {};
          return respond(
            error.status,
            { error: { name: error.name, message: error.message, path: error.path } },
            headers,
          );
        }
        console.error("leadscore handler: unexpected error", error);
        return respond(500, {
          error: { name: "InternalError", message: "the request could not be scored", path: "" },
        });
      }
    },
  };
}

function respond(status, body, headers = {}) {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body,
  };
}

function serve(scorer, lifecycle, { method, contentType, contentLength, body }, accounts) {
  if (method !== "POST")
    throw new RequestError(
      405,
      "MethodNotAllowed",
      `${method} is not supported; POST a JSON request`,
    );
  // text/plain too: browsers send it from sendBeacon and from fetch with a string body and no
  // content type (it needs no CORS preflight).
  if (contentType && !/^(application\/([\w.+-]+\+)?json|text\/plain)\s*(;|$)/i.test(contentType)) {
    throw new RequestError(
      415,
      "UnsupportedMediaType",
      `the body must be JSON (application/json), not ${contentType}`,
    );
  }
  // The declared length is checked before the body is read; a body of more characters than
  // the limit has at least as many bytes.
  if (contentLength > MAX_BODY_BYTES || (body !== null && body.length > MAX_BODY_BYTES))
    throw new RequestError(
      413,
      "PayloadTooLarge",
      `the body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`,
    );
  if (body === null) throw new RequestError(400, "InputError", "the body could not be read");
  let request;
  try {
    request = JSON.parse(body);
  } catch (error) {
    throw new RequestError(400, "InputError", `the body is not JSON: ${error.message}`);
  }
  if (request === null || typeof request !== "object" || Array.isArray(request)) {
    throw new RequestError(400, "InputError", "the body must be a JSON object");
  }
  const shape = REQUEST_SHAPES.find((candidate) => Object.hasOwn(request, candidate.key));
  if (!shape) {
    throw new RequestError(
      400,
      "InputError",
      `expected ${REQUEST_SHAPES.map((s) => `\`${s.key}\``).join(" or ")} in the request`,
    );
  }
  const unknown = Object.keys(request).find((key) => !shape.keys.includes(key));
  if (unknown !== undefined) {
    throw new RequestError(
      400,
      "InputError",
      `unknown field \`${unknown}\`, expected one of ${shape.keys.map((k) => `\`${k}\``).join(", ")}`,
      unknown,
    );
  }
  const response = shape.run(scorer, request);
  if (request.lifecycle !== undefined)
    response.lifecycle = advanceLifecycle(lifecycle, request, response.lead);
  if (request.account !== undefined)
    response.account = rescoreAccount(accounts, request.account, response.lead);
  delete response.lead;
  return response;
}

/** Hands the new score to the lead's lifecycle record; the caller carries out the effects. */
function advanceLifecycle(lifecycle, { lifecycle: input, asOf }, lead) {
  if (lifecycle === null)
    throw new RequestError(
      400,
      "InputError",
      "this handler has no playbook, so it keeps no lifecycle",
      "lifecycle",
    );
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new RequestError(400, "InputError", "expected { record, routing? }", "lifecycle");
  }
  const unknown = Object.keys(input).find((key) => !["record", "routing"].includes(key));
  if (unknown !== undefined)
    throw new RequestError(
      400,
      "InputError",
      `unknown field \`${unknown}\`, expected \`record\` or \`routing\``,
      `lifecycle.${unknown}`,
    );
  const now = lead.score.asOf;
  try {
    const record = input.record ?? lifecycle.newRecord(lead.id, { now });
    const out = lifecycle.apply(
      record,
      { type: "scoreUpdate", score: lead.score, lead: lead.input },
      { now, routing: input.routing },
    );
    return { record: out.record, routing: out.routing, effects: out.effects };
  } catch (error) {
    if (error?.name !== "InputError" && error?.name !== "TransitionError") throw error;
    const path = error.path ? `lifecycle.${error.path}` : "lifecycle";
    throw new RequestError(
      error.name === "TransitionError" ? 409 : 400,
      error.name,
      cleanMessage(error.message),
      path,
    );
  }
}

/** The lead's account rolled up again with the lead's new result in place of its old one. */
function rescoreAccount(accounts, input, lead) {
  if (accounts === null)
    throw new RequestError(
      400,
      "InputError",
      "this handler's model has no accounts section, so it scores no accounts",
      "account",
    );
  if (input === null || typeof input !== "object" || Array.isArray(input))
    throw new RequestError(400, "InputError", "expected { contacts, crossedAt? }", "account");
  const unknown = Object.keys(input).find((key) => !["contacts", "crossedAt"].includes(key));
  if (unknown !== undefined)
    throw new RequestError(
      400,
      "InputError",
      `unknown field \`${unknown}\`, expected \`contacts\` or \`crossedAt\``,
      `account.${unknown}`,
    );
  if (!Array.isArray(input.contacts))
    throw new RequestError(400, "InputError", "expected a list of contacts", "account.contacts");
  const contacts = [...input.contacts];
  const at = contacts.findIndex((contact) => contact?.score?.leadId === lead.score.leadId);
  const attributes = lead.input.attributes ?? contacts[at]?.attributes ?? {};
  const contact = { attributes, score: lead.score };
  if (at === -1) contacts.push(contact);
  else contacts[at] = contact;
  try {
    return accounts.rollUp(
      contacts,
      input.crossedAt === undefined ? {} : { crossedAt: input.crossedAt },
    );
  } catch (error) {
    if (error?.name !== "InputError") throw error;
    const path = error.path === "crossedAt" ? "account.crossedAt" : `account.contacts${error.path}`;
    throw new RequestError(400, "InputError", cleanMessage(error.message), path);
  }
}

function scoreLead(scorer, { lead, asOf }) {
  if (lead === null || typeof lead !== "object" || Array.isArray(lead)) {
    throw new RequestError(
      400,
      "InputError",
      "expected a lead object { id, attributes, events }",
      "lead",
    );
  }
  const result = scoreWith(scorer, lead, asOf, (path) => (path === "" ? "lead" : `lead.${path}`));
  return { result, lead: { id: lead.id, input: lead, score: result } };
}

function scoreLeadEvents(scorer, { leadId, events, attributes, asOf }) {
  if (!Array.isArray(events))
    throw new RequestError(400, "InputError", "expected a list of events", "events");
  const lead = { id: leadId, events };
  if (attributes !== undefined) lead.attributes = attributes;
  const result = scoreWith(scorer, lead, asOf, (path) =>
    path === "id" || path.startsWith("id.") ? `leadId${path.slice(2)}` : path,
  );
  return { result, lead: { id: lead.id, input: lead, score: result } };
}

/**
 * Incremental scoring: the stored state (base64, or null to start one) takes the new events; the
 * response carries the new state to store. The result equals scoring the whole history.
 */
function updateState(scorer, { state, leadId, events, attributes, asOf }) {
  if (!Array.isArray(events))
    throw new RequestError(400, "InputError", "expected a list of events", "events");
  let bytes;
  if (state === null) {
    if (leadId === undefined)
      throw new RequestError(400, "InputError", "a new state needs the lead's `leadId`", "leadId");
    bytes = scorer.initState({ id: leadId, attributes: attributes ?? {} });
  } else if (typeof state === "string") {
    bytes = fromBase64(state);
  } else {
    throw new RequestError(
      400,
      "InputError",
      "expected the stored state (base64 text) or null to start one",
      "state",
    );
  }
  const options = asOf === undefined ? {} : { asOf };
  if (attributes !== undefined && state !== null) options.attributes = attributes;
  let update;
  try {
    update = scorer.update(bytes, events, options);
  } catch (error) {
    if (error?.name !== "InputError") throw error;
    throw new RequestError(400, "InputError", cleanMessage(error.message), error.path);
  }
  const lead = { id: update.result.leadId, events };
  if (attributes !== undefined) lead.attributes = attributes;
  return {
    result: update.result,
    state: toBase64(update.state),
    lead: { id: lead.id, input: lead, score: update.result },
  };
}

/** A stored state as base64, with the Web's btoa (Node 18+ and workers alike; no Buffer needed). */
function toBase64(bytes) {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** A stored state from base64 (atob); text that is not base64 is a 400 at `state`. */
function fromBase64(text) {
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    throw new RequestError(400, "InputError", "the state is not base64 text", "state");
  }
}

function cleanMessage(message) {
  return message
    .replace(/^invalid input( at [^:]*)?: /, "")
    .replace(/ at line \d+ column \d+$/, "");
}

/** Scores one lead; an InputError becomes a 400 whose path points into the request body. */
function scoreWith(scorer, lead, asOf, pathInRequest) {
  try {
    return scorer.score(lead, asOf === undefined ? {} : { asOf });
  } catch (error) {
    if (error?.name !== "InputError") throw error;
    const path = error.path === "asOf" ? "asOf" : pathInRequest(error.path);
    throw new RequestError(400, "InputError", cleanMessage(error.message), path);
  }
}
