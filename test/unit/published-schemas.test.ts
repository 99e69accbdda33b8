import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatedFiles, samplesSchemaPath, summarySchemaPath } from "../../tools/docs/generated-files.js";
import { publishedValidator } from "../support/published-schema.js";

const runsDir = join(import.meta.dirname, "..", "fixtures", "runs");

describe("the published files", () => {
  it("are what `npm run docs` writes from the code (run it after changing a schema)", () => {
    for (const file of generatedFiles()) expect(readFileSync(file.path, "utf8"), file.path).toBe(file.text);
  });

  it("hold recorded runs: every line of samples.ndjson; summary.json but for the fields later versions added", () => {
    const summaryValid = publishedValidator(summarySchemaPath);
    const lineValid = publishedValidator(samplesSchemaPath);
    const runs = readdirSync(runsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs) {
      const dir = join(runsDir, run);
      // Recorded by portlab 0.1, before `hosts` and `connectMs` (readers take them as optional): the smoke test
      // validates a run of this version whole.
      const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as { runs: unknown[] };
      const later = summary.runs.flatMap((_, index) =>
        ["hosts", "connectMs"].map((field) => `/runs/${index} must have required property '${field}'`),
      );
      expect(summaryValid(summary), run).toBe(later.join("; "));
      const lines = readFileSync(join(dir, "samples.ndjson"), "utf8").split("\n").filter(Boolean);
      for (const line of lines) expect(lineValid(JSON.parse(line)), `${run}: ${line}`).toBeNull();
    }
  });

  it("refuse a crafted file: a wrong type is named by its path", () => {
    const summaryValid = publishedValidator(summarySchemaPath);
    expect(summaryValid({ portlab: "0.3.0", runs: "none" })).toMatch(/\/runs must be array|required/);
  });
});
