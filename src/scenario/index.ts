/** The scenario module's API: given a catalog, files and flags in, an immutable validated Scenario out. */
export type { ScenarioCatalog } from "./catalog.js";
export { ClientKinds } from "./client-kinds.js";
export type { ScenarioFlags } from "./flags.js";
export { scenarioErrorCode } from "./issues.js";
export { type LimitOptions, scenarioLimits } from "./limits.js";
export type { ScenarioOptions } from "./parse.js";
export { type ScenarioReader, scenarioReader } from "./reader.js";
