import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cruise, type IViolation } from "dependency-cruiser";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../support/portlab-process.js";

const rules = createRequire(import.meta.url)(join(repoRoot, ".dependency-cruiser.cjs"));

/** The rule's violations over `paths`, read from `cwd` (dependency-cruiser resolves from the working directory). */
async function violations(cwd: string, paths: string[]): Promise<string[]> {
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const result = await cruise(paths, {
      validate: true,
      ruleSet: { forbidden: rules.forbidden },
      ...rules.options,
    });
    const output = result.output as { summary: { violations: IViolation[] } };
    return output.summary.violations.map(
      (violation) => `${violation.rule.name}: ${violation.from} -> ${violation.to}`,
    );
  } finally {
    process.chdir(previous);
  }
}

describe("the layer rule (.dependency-cruiser.cjs)", () => {
  it("holds for src/: no upward import, no cycle, no folder outside the list", async () => {
    expect(await violations(repoRoot, ["src"])).toEqual([]);
  }, 60_000);

  const fixture = mkdtempSync(join(tmpdir(), "portlab-layers-"));
  afterAll(() => rmSync(fixture, { recursive: true, force: true }));

  it("fails an upward import, a cycle and an unlisted folder (the rule itself)", async () => {
    const write = (path: string, text: string) => {
      mkdirSync(join(fixture, path, ".."), { recursive: true });
      writeFileSync(join(fixture, path), text);
    };
    write(
      "tsconfig.json",
      '{ "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext" } }\n',
    );
    write("src/core/base.ts", 'import { run } from "../cli/main.js";\nexport const base = run;\n');
    write("src/cli/main.ts", "export const run = 1;\n");
    write("src/kernel/a.ts", 'import { b } from "./b.js";\nexport const a = b;\n');
    write("src/kernel/b.ts", 'import { a } from "./a.js";\nexport const b = a;\n');
    write("src/engine/uses.ts", 'import { x } from "../plan/x.js";\nexport const y = x;\n');
    write("src/plan/x.ts", "export const x = 1;\n");
    const found = await violations(fixture, ["src"]);
    expect(found).toContain("core-imports-upward: src/core/base.ts -> src/cli/main.ts");
    expect(found).toContain("no-cycle: src/kernel/a.ts -> src/kernel/b.ts");
    expect(found).toContain("only-known-layers: src/engine/uses.ts -> src/plan/x.ts");
  }, 60_000);
});
