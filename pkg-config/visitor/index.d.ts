// Types of `leadscore/visitor`, the visitor scorer for a site's pages.
import type { AttributeValue, ScoreResult } from "../index.js";

/** A model compiled ahead, as `npx leadscore compile model.json` writes it. */
export interface CompiledModel {
  format: "leadscore-compiled-model";
  name: string | null;
  /** The compiled form, base64. */
  bytes: string;
}

/** An event the visitor scorer keeps: only types some rule reads, only the properties rules read. */
export interface VisitorEvent {
  id: string;
  type: string;
  /** Epoch milliseconds. */
  at: number;
  props?: Record<string, AttributeValue>;
}

export interface VisitorOptions {
  /** The model compiled ahead (`npx leadscore compile model.json`), as an object or JSON text (or give `modelUrl`). */
  model?: CompiledModel | string;
  /** Where to fetch the compiled model (same-origin credentials). */
  modelUrl?: string;
  /** The classic script only: where the engine's .wasm is, when not beside the script. */
  wasmUrl?: string | URL;
  /** The localStorage key's prefix: the history is stored under `${namespace}:v1`. Default "leadscore". */
  namespace?: string;
  /** At most this many events are kept, the newest (default 200). */
  maxEvents?: number;
  /** Events older than this many days are dropped (default 90). */
  maxDays?: number;
  /** A pause longer than this starts a new visit (default 30). */
  sessionMinutes?: number;
  /** Store nothing (and send nothing) until `consent()`; until then the page's events stay in memory. */
  requireConsent?: boolean;
  /** Global Privacy Control turns the scorer off unless this is false (default true). */
  honorGlobalPrivacyControl?: boolean;
  /** Do Not Track turns the scorer off unless this is false (default true). */
  honorDoNotTrack?: boolean;
  /** Record a page view when the scorer starts (default true). */
  recordPageView?: boolean;
  /** The visitor's attributes, for fit rules (merged over the stored ones). */
  attributes?: Record<string, AttributeValue>;
  /** The event types recorded for page views, visits, downloads and form submissions. */
  events?: { pageView?: string; visit?: string; download?: string; form?: string };
  /** Which links are downloads, and the data attributes holding their content type and title. */
  downloads?: { selector?: string | null; typeAttribute?: string; titleAttribute?: string };
  /** Which forms are recorded, and the fields whose values are kept (nothing else is read). */
  forms?: { selector?: string | null; fields?: string[] };
  /** Send the history with `navigator.sendBeacon` to this URL, in the serverless handlers' `{ leadId, events, attributes, asOf }` shape: within `sendDelayMs` of a new event (one beacon per burst), and at once when the page is hidden or left. */
  endpoint?: string | null;
  /** How long after a new event the history is sent to `endpoint`, later events joining it (default 1000 ms; 0: right after the event's task). */
  sendDelayMs?: number;
  onScore?: ((result: ScoreResult, previous: ScoreResult | null) => void) | null;
  onMql?: ((result: ScoreResult) => void) | null;
  onError?: ((error: Error) => void) | null;
  /** Where `leadscore:score` and `leadscore:mql` are dispatched (default `document`). */
  target?: EventTarget;
  /** The storage to use instead of `localStorage` (null for memory only). */
  storage?: Storage | null;
}

export type VisitorStatusReason =
  | "globalPrivacyControl"
  | "doNotTrack"
  | "awaitingConsent"
  | "forgotten"
  | "storageUnavailable"
  | "storageFull";

export interface VisitorStatus {
  recording: boolean;
  /** Whether the history is in localStorage (false: in memory for this page only). */
  stored: boolean;
  reason: VisitorStatusReason | null;
  visitorId: string | null;
}

export interface Visitor {
  /** The first result (null when a privacy signal keeps the scorer off). */
  readonly ready: Promise<ScoreResult | null>;
  track(type: string, props?: Record<string, AttributeValue>): void;
  pageView(): void;
  setAttributes(attributes: Record<string, AttributeValue>): void;
  consent(): void;
  forget(): void;
  getScore(): ScoreResult | null;
  events(): VisitorEvent[];
  status(): VisitorStatus;
  destroy(): void;
}

/** `detail` of the `leadscore:score` event. */
export interface ScoreEventDetail {
  result: ScoreResult;
  previous: ScoreResult | null;
}

/** `detail` of the `leadscore:mql` event. */
export interface MqlEventDetail {
  result: ScoreResult;
}

declare global {
  interface DocumentEventMap {
    "leadscore:score": CustomEvent<ScoreEventDetail>;
    "leadscore:mql": CustomEvent<MqlEventDetail>;
  }
}

export interface VisitorEngine {
  compile(
    model: CompiledModel,
    wasmUrl?: string | URL | BufferSource,
  ): Promise<{ score(lead: object, asOf: number): ScoreResult; reads: Map<string, Set<string>> }>;
  /** Starts loading the engine as the visitor starts (while the model loads). */
  preload?(wasmUrl?: string | URL | BufferSource): Promise<unknown>;
  defaultWasmUrl?: string | URL | BufferSource;
  environment?: typeof globalThis;
}

export function createVisitor(options: VisitorOptions, engine: VisitorEngine): Visitor;
export function init(options: VisitorOptions): Visitor;
export function ready(): Promise<ScoreResult | null>;
export function events(): VisitorEvent[];
export function track(type: string, props?: Record<string, AttributeValue>): void;
export function pageView(): void;
export function setAttributes(attributes: Record<string, AttributeValue>): void;
export function consent(): void;
export function forget(): void;
export function getScore(): ScoreResult | null;
export function status(): VisitorStatus;
declare const api: {
  init: typeof init;
  ready: typeof ready;
  events: typeof events;
  track: typeof track;
  pageView: typeof pageView;
  setAttributes: typeof setAttributes;
  consent: typeof consent;
  forget: typeof forget;
  getScore: typeof getScore;
  status: typeof status;
};
export default api;
