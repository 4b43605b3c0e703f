// The lifecycle scenario driver of the JavaScript tests: one lead followed through the package's
// Lifecycle step by step, as the golden lifecycle files describe, with the routing state carried
// from one action to the next as a caller carries it. The Rust tiers have the same driver
// (tests/common/scenario.rs natively, tests/common/wasm/scenario.rs in Wasm).
import { Scorer, Lifecycle } from "leadscore/full";
import { readJson } from "../fixtures.mjs";

export class Scenario {
  #scorer;
  #lifecycle;
  #routing = null;

  /** A new record for a copy of the lead, opened at `start`. */
  constructor(scorer, lifecycle, lead, start) {
    this.#scorer = scorer;
    this.#lifecycle = lifecycle;
    this.lead = structuredClone(lead);
    this.record = lifecycle.newRecord(this.lead.id, { now: start });
  }

  /**
   * One step: the lead's new events (`addEvents`) and attributes (`setAttributes`), then the
   * step's action on the record at the step's `now` (a score update carries the lead's score at
   * that moment and the lead). Returns the outcome, or throws what the lifecycle threw; a taken
   * action moves the record and the routing state on.
   */
  step(step) {
    this.lead.events.push(...(step.addEvents ?? []));
    Object.assign(this.lead.attributes, step.setAttributes ?? {});
    const action = structuredClone(step.action);
    if (action.type === "scoreUpdate") {
      Object.assign(action, {
        score: this.#scorer.score(this.lead, { asOf: step.now }),
        lead: this.lead,
      });
    }
    const outcome = this.#lifecycle.apply(this.record, action, {
      now: step.now,
      routing: this.#routing,
    });
    ({ record: this.record, routing: this.#routing } = outcome);
    return outcome;
  }
}

/**
 * Runs a golden lifecycle case with its own model and playbook: every step's outcome with the
 * record's SLA status at that moment, or its TransitionError.
 */
export function goldenOutcomes(golden) {
  const model = readJson(golden.model);
  const lifecycle = new Lifecycle(readJson(golden.playbook), model);
  const scenario = new Scenario(new Scorer(model), lifecycle, golden.lead, golden.start);
  return golden.steps.map((step) => {
    try {
      const outcome = scenario.step(step);
      return { ...outcome, slaStatus: lifecycle.slaStatus(outcome.record, { now: step.now }) };
    } catch (error) {
      if (error.name !== "TransitionError") throw error;
      return {
        error: {
          code: error.code,
          message: error.message,
          stage: error.stage,
          action: error.action,
        },
      };
    }
  });
}
