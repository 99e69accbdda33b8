import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scenarioJsonSchema } from "../../src/scenario/index.js";
import { scenarioJsonSchemaText } from "../../src/scenario/json-schema.js";
import { scenarioJsonSchemaPath } from "../../src/scenario/write-json-schema.js";

describe("scenarios/portlab.schema.json", () => {
  it("is the committed output of the zod schema (regenerate: node dist/scenario/write-json-schema.js)", () => {
    expect(scenarioJsonSchemaPath).toBe(
      join(import.meta.dirname, "..", "..", "scenarios", "portlab.schema.json"),
    );
    expect(readFileSync(scenarioJsonSchemaPath, "utf8")).toBe(scenarioJsonSchemaText());
  });

  it("describes the format editors need: strict mappings, names, defaults", () => {
    const schema = scenarioJsonSchema() as {
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
