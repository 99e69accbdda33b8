import { readFileSync } from "node:fs";
import { join } from "node:path";
import { NoOperationTraceWriter } from "@actions/workflow-parser";
import { parseAction } from "@actions/workflow-parser/actions/action-parser";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../support/portlab-process.js";

const actionText = readFileSync(join(repoRoot, "action.yml"), "utf8");

/** GitHub's own action-metadata schema (actions/languageservices, MIT): the errors it finds in an action.yml. */
function actionErrors(text: string): string[] {
  const result = parseAction({ name: "action.yml", content: text }, new NoOperationTraceWriter());
  return result.context.errors.getErrors().map((error) => error.message);
}

describe("action.yml, the composite action other repositories use", () => {
  it("is valid against GitHub's action schema, and the check does catch mistakes", () => {
    expect(actionErrors(actionText)).toEqual([]);
    expect(actionErrors(actionText.replace("using: composite", "usin: composite")).length).toBeGreaterThan(0);
    expect(
      actionErrors(actionText.replace("    - id: run\n      shell: bash", "    - id: run")).length,
    ).toBeGreaterThan(0);
  });

  it("has the inputs the README documents, and passes each to the script that runs the steps", () => {
    const action = parse(actionText) as {
      inputs: Record<string, { required?: boolean }>;
      runs: { steps: { run?: string; env?: Record<string, string> }[] };
    };
    expect(Object.keys(action.inputs)).toEqual(["scenario", "baseline", "driver", "version"]);
    expect(action.inputs.scenario?.required).toBe(true);
    const step = action.runs.steps.find((entry) => entry.run?.includes("scripts/portlab-action.sh"));
    expect(step?.env).toEqual({
      PORTLAB_SCENARIO: "${{ inputs.scenario }}",
      PORTLAB_BASELINE: "${{ inputs.baseline }}",
      PORTLAB_DRIVER: "${{ inputs.driver }}",
      PORTLAB_VERSION: "${{ inputs.version }}",
    });
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    for (const input of Object.keys(action.inputs)) expect(readme).toMatch(new RegExp(`^ +${input}: `, "m"));
  });
});
