// Types of the synthetic lead generator, `import { generateLeads } from "leadscore/generate"`.
import type { Lead } from "../index.js";

export interface GeneratorOptions {
  /** How many leads (generateLeads). Default 1000. */
  leads?: number;
  /** Any text or number; the same seed and options give the same leads. Default "1". */
  seed?: string | number;
  /** The mean number of events per lead (heavy-tailed around it). Default 50. */
  eventsPerLead?: number;
  /** How many days of history. Default 180. */
  days?: number;
  /** When the histories end. Default 2026-11-20T17:00:00Z. */
  end?: string | number | Date;
  /** Lead ids are `<idPrefix>-000001`, ... Default "gen". */
  idPrefix?: string;
  /**
   * Above 1, consecutive leads come in accounts of this many contacts (same company, size,
   * industry and country, and an `accountId` attribute `<idPrefix>-account-000001`, ...), with
   * no students or job seekers among them. Default 1: no accounts (the leads are as before).
   */
  contactsPerAccount?: number;
}

/** A lead's outcome drawn from the hidden "true" model: `p` is its probability of converting. */
export interface Outcome {
  id: string;
  converted: boolean;
  p: number;
}

export interface GeneratedLead {
  lead: Lead & { id: string; attributes: Record<string, string | number>; events: Array<{ id: string; type: string; at: string; props: Record<string, string> }> };
  outcome: Outcome;
}

export declare const GENERATOR_DEFAULTS: Readonly<Required<Omit<GeneratorOptions, "end">> & { end: string }>;

/** Options checked and completed by `generatorOptions` (reusable across `generateLead` calls). */
export interface CheckedGeneratorOptions {
  leads: number;
  seed: string;
  eventsPerLead: number;
  days: number;
  endMs: number;
  idPrefix: string;
  contactsPerAccount: number;
  seedHash: number;
}

/** Checks and completes options; throws a RangeError naming a bad option. */
export declare function generatorOptions(options?: GeneratorOptions): CheckedGeneratorOptions;

/** Lead `index` (0-based): the same whatever the number of leads generated. */
export declare function generateLead(index: number, options?: GeneratorOptions | CheckedGeneratorOptions): GeneratedLead;

/** Leads 0 .. leads-1, lazily. */
export declare function generateLeads(options?: GeneratorOptions): Generator<GeneratedLead, void, undefined>;
