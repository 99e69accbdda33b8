import { join } from "node:path";
import { packageRoot } from "../../src/core/package-root.js";
import { scenarios } from "../../src/engine/scenarios.js";
import { scenarioJsonSchemaText } from "../../src/scenario/json-schema.js";

/** The editor JSON Schema of the scenario format, next to the scenarios that name it. */
export const scenarioJsonSchemaPath = join(packageRoot, "scenarios", "portlab.schema.json");

/** Every file `npm run docs` writes, with its text; a unit test holds the committed files to these. */
export function generatedFiles(): ReadonlyArray<{ readonly path: string; readonly text: string }> {
  return [{ path: scenarioJsonSchemaPath, text: scenarioJsonSchemaText(scenarios.catalog) }];
}
