import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scenarios } from "../../src/engine/scenarios.js";
import { scenarioJsonSchemaText } from "../../src/scenario/json-schema.js";
import { scenarioJsonSchemaPath } from "../../tools/docs/generated-files.js";

describe("scenarios/portlab.schema.json", () => {
  it("is the committed output of the zod schema (regenerate: npm run docs)", () => {
    expect(scenarioJsonSchemaPath).toBe(
      join(import.meta.dirname, "..", "..", "scenarios", "portlab.schema.json"),
    );
    expect(readFileSync(scenarioJsonSchemaPath, "utf8")).toBe(scenarioJsonSchemaText(scenarios.catalog));
  });

  it("describes the format editors need: strict mappings, names, defaults", () => {
    const schema = scenarios.jsonSchema() as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<
        string,
        { properties?: Record<string, { default?: unknown }>; additionalProperties?: boolean }
      >;
    };
    expect(schema.required).toEqual(["name"]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.load?.additionalProperties).toBe(false);
    expect(schema.properties.load?.properties?.duration?.default).toBe("10s");
    expect(schema.properties.server?.properties?.port?.default).toBe(80);
    expect(Object.keys(schema.properties)).toEqual([
      "name",
      "description",
      "load",
      "clients",
      "profiles",
      "server",
      "sandbox",
      "thresholds",
      "capture",
      "compare",
    ]);
  });
});
