// Type-checks the declarations under moduleResolution "bundler" (Vite, esbuild users).
import { Scorer, type ScoreResult } from "leadscore";

const result: ScoreResult = new Scorer({ version: 1, mql: { threshold: 10 } }).score({ id: "b" }, { asOf: new Date() });
// @ts-expect-error grid is a string or null
const grid: number = result.grid;

export { result, grid };
