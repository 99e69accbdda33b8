import * as z from "zod";
import type { ScenarioCatalog } from "./catalog.js";
import { activeLimits } from "./limits.js";
import { buildScenarioSchema } from "./schema.js";

/**
 * JSON Schema (draft 2020-12) of the scenario file, from the same zod definition the parser uses, for
 * editors (`# yaml-language-server: $schema=portlab.schema.json`). It shows shapes, names, hard bounds
 * and defaults; the liftable limits and cross-field rules are checked by the parser only.
 */
export function scenarioJsonSchema(catalog: ScenarioCatalog): Record<string, unknown> {
  const generated = z.toJSONSchema(buildScenarioSchema(activeLimits(undefined), catalog), {
    io: "input",
    unrepresentable: "any",
    override: ({ jsonSchema }) => {
      const node = jsonSchema as Record<string, unknown>;
      if ("inputDefault" in node) {
        node.default = node.inputDefault;
        delete node.inputDefault;
      }
    },
  });
  const { $schema, ...rest } = generated as Record<string, unknown>;
  return {
    $schema,
    title: "portlab scenario",
    description: "What a portlab run does: load, clients, kernel-parameter profiles, server and sandbox.",
    ...rest,
  };
}

/** The committed file's exact text, so a test can tell when it drifts from the schema. */
export function scenarioJsonSchemaText(catalog: ScenarioCatalog): string {
  return `${JSON.stringify(scenarioJsonSchema(catalog), null, 2)}\n`;
}
