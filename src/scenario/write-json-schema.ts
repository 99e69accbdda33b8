import { writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { scenarioJsonSchemaText } from "./json-schema.js";

/** scenarios/portlab.schema.json, from src/scenario/ or dist/scenario/ alike. */
export const scenarioJsonSchemaPath = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "scenarios",
  "portlab.schema.json",
);

/** Writes the editor JSON Schema; the build runs this file (`node dist/scenario/write-json-schema.js [PATH]`). */
export async function writeScenarioJsonSchema(path: string = scenarioJsonSchemaPath): Promise<string> {
  await writeFile(path, scenarioJsonSchemaText());
  return path;
}

const runAsScript =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (runAsScript) await writeScenarioJsonSchema(process.argv[2]);
