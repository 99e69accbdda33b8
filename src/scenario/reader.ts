import type { Scenario } from "../core/scenario.js";
import { applyFlags } from "./apply-flags.js";
import type { ScenarioCatalog } from "./catalog.js";
import type { ScenarioFlags } from "./flags.js";
import { scenarioJsonSchema } from "./json-schema.js";
import { defaultScenario, loadScenarioFile, parseScenarioText, type ScenarioOptions } from "./parse.js";

/** The scenario module's API over one catalog: files and flags in, an immutable validated Scenario out. */
export interface ScenarioReader {
  readonly catalog: ScenarioCatalog;
  /** YAML text → a Scenario, or INVALID_SCENARIO listing every problem as `source: path: message`. */
  parseText(text: string, source: string, options?: ScenarioOptions): Scenario;
  /** Reads, parses and validates a scenario file. */
  loadFile(path: string, options?: ScenarioOptions): Promise<Scenario>;
  /** The scenario every omitted field falls back to; flags-only runs start here. */
  defaults(): Scenario;
  /** Flags over a scenario (or the defaults), rewritten into its raw document and validated like a file. */
  applyFlags(base: Scenario | null, flags: ScenarioFlags, options?: ScenarioOptions): Scenario;
  /** The editor JSON Schema of the format. */
  jsonSchema(): Record<string, unknown>;
}

export function scenarioReader(catalog: ScenarioCatalog): ScenarioReader {
  return {
    catalog,
    parseText: (text, source, options) => parseScenarioText(catalog, text, source, options),
    loadFile: (path, options) => loadScenarioFile(catalog, path, options),
    defaults: () => defaultScenario(catalog),
    applyFlags: (base, flags, options) => applyFlags(catalog, base, flags, options),
    jsonSchema: () => scenarioJsonSchema(catalog),
  };
}
