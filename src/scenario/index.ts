/** The scenario module's API: files and flags in, an immutable validated Scenario out. */
export { applyFlags } from "./apply-flags.js";
export type { ScenarioFlags } from "./flags.js";
export { scenarioErrorCode } from "./issues.js";
export { scenarioJsonSchema } from "./json-schema.js";
export { type LimitOptions, scenarioLimits } from "./limits.js";
export { defaultScenario, loadScenarioFile, parseScenarioText, type ScenarioOptions } from "./parse.js";
export type { Scenario } from "./types.js";
