import { internalError } from "../core/errors.js";
import type { Scenario } from "../core/scenario.js";
import type { ScenarioCatalog } from "./catalog.js";
import { scenarioDefaults } from "./defaults.js";
import {
  type IssueContext,
  invalidScenario,
  issuesFromZod,
  type ScenarioIssue,
  unreadableScenario,
} from "./issues.js";
import { activeLimits, type LimitOptions } from "./limits.js";
import { normaliseScenario } from "./normalise.js";
import { readScenarioFile } from "./read-file.js";
import { readYamlMapping } from "./read-yaml.js";
import { scenarioRuleIssues } from "./rules.js";
import { buildScenarioSchema } from "./schema.js";

export type ScenarioOptions = LimitOptions;

/** The raw document each scenario was validated from, so flags can be merged into it and re-validated. */
const rawDocuments = new WeakMap<
  Scenario,
  { readonly raw: Readonly<Record<string, unknown>>; readonly source: string }
>();

/** YAML text → a frozen, validated Scenario, or a PortlabError listing every problem as `source: path: message`. */
export function parseScenarioText(
  catalog: ScenarioCatalog,
  text: string,
  source: string,
  options?: ScenarioOptions,
): Scenario {
  if (typeof text !== "string") throw unreadableScenario(source, "is not text", "pass the file's text");
  const document = readYamlMapping(text, source);
  return validateScenarioDocument(catalog, document.value, { source, locate: document.locate }, options);
}

/** Reads, parses and validates a scenario file. */
export async function loadScenarioFile(
  catalog: ScenarioCatalog,
  path: string,
  options?: ScenarioOptions,
): Promise<Scenario> {
  return parseScenarioText(catalog, await readScenarioFile(path), path, options);
}

/** The scenario every omitted field falls back to; flags-only runs start here. */
export function defaultScenario(catalog: ScenarioCatalog): Scenario {
  const raw = { name: scenarioDefaults.name, description: scenarioDefaults.description };
  return validateScenarioDocument(catalog, raw, { source: "defaults" }, {});
}

/**
 * The one way a run is described: a raw document (from YAML, or flags merged into one) checked by
 * the schema, normalised, then checked by the cross-field rules. `earlierIssues` are problems found
 * while building the document (bad flag syntax); they are reported together with the rest.
 */
export function validateScenarioDocument(
  catalog: ScenarioCatalog,
  raw: unknown,
  context: IssueContext,
  options: ScenarioOptions | undefined,
  earlierIssues: readonly ScenarioIssue[] = [],
): Scenario {
  const limits = activeLimits(options);
  const result = buildScenarioSchema(limits, catalog).safeParse(raw);
  if (!result.success)
    throw invalidScenario([...earlierIssues, ...issuesFromZod(result.error.issues)], context);
  if (earlierIssues.length > 0) throw invalidScenario(earlierIssues, context);
  const scenario = normaliseScenario(result.data, limits, catalog.clients);
  const ruleIssues = scenarioRuleIssues(result.data, scenario, limits, catalog);
  if (ruleIssues.length > 0) throw invalidScenario(ruleIssues, context);
  const frozen = deepFreeze(scenario);
  rawDocuments.set(frozen, {
    raw: deepFreeze(structuredClone(raw as Record<string, unknown>)),
    source: context.source,
  });
  return frozen;
}

export function rawDocumentOf(scenario: Scenario): {
  readonly raw: Readonly<Record<string, unknown>>;
  readonly source: string;
} {
  const entry = rawDocuments.get(scenario);
  if (entry === undefined) {
    throw internalError(
      "FOREIGN_SCENARIO",
      "flags can only be applied to a scenario made by parseScenarioText, loadScenarioFile, defaultScenario or applyFlags",
      "pass the scenario object those functions returned (not a copy)",
    );
  }
  return entry;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
