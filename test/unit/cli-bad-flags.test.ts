import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  cliBuilt,
  newNamespacesOf,
  type PortlabExit,
  portlabNamespaces,
  repoRoot,
  runPortlab,
} from "../support/portlab-process.js";

/**
 * Invalid input at the command line, through the built CLI: exit 2, one short message that names the flag or
 * file and says how to fix it, no stack trace, and nothing created (validation comes before any side effect,
 * so these need no root).
 */

interface BadFlagsCase {
  readonly label: string;
  readonly args: readonly string[];
  readonly names: string;
  readonly fix: string;
}

const built = cliBuilt();
const fixtures = join(repoRoot, "test", "fixtures");
const { cases } = JSON.parse(readFileSync(join(fixtures, "bad-flags", "cases.json"), "utf8")) as {
  cases: BadFlagsCase[];
};
const BAD_SCENARIOS = [
  "bad-name.yaml",
  "billion-laughs.yaml",
  "port-range-inverted.yaml",
  "sysctl-shell-value.yaml",
  "invalid-utf8.yaml",
];

/** `ip netns list` needs no root; without iproute2 the namespace check is skipped (validation never reaches ip). */
function namespacesNow(): string[] | null {
  try {
    return portlabNamespaces();
  } catch {
    return null;
  }
}

describe.runIf(built)("invalid input at the CLI", () => {
  const root = built ? mkdtempSync(join(tmpdir(), "plt-flags-")) : "";
  const existingDir = join(root, "a-directory");
  const missing = join(root, "no-such-scenario");
  if (built) mkdirSync(existingDir);
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });
  const fill = (text: string) => text.replaceAll("{dir}", existingDir).replaceAll("{missing}", missing);

  /** Runs the CLI in an empty working directory with --out pointing into it, and checks the refusal's shape. */
  async function expectRefused(args: readonly string[]): Promise<PortlabExit> {
    const cwd = mkdtempSync(join(root, "cwd-"));
    const outDir = join(cwd, "out");
    const before = namespacesNow();
    const exit = await runPortlab([...args, "--out", outDir], { cwd, timeoutMs: 15_000 });
    expect(exit.code, exit.stderr).toBe(2);
    expect(exit.stdout).toBe("");
    const lines = exit.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^portlab: /);
    expect(exit.stderr.match(/^portlab: /gm)).toHaveLength(1);
    expect(lines.filter((line) => line.startsWith("  fix: "))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^ {2}code: [A-Z_]+$/);
    expect(lines.length).toBeLessThanOrEqual(5);
    expect(exit.stderr).not.toContain("    at ");
    expect(exit.stderr).not.toContain("internal error");
    // Nothing created: no results/ in the working directory, no --out directory, no namespace of this process.
    expect(readdirSync(cwd)).toEqual([]);
    expect(existsSync(outDir)).toBe(false);
    if (before !== null) expect(newNamespacesOf(exit.pid, before)).toEqual([]);
    return exit;
  }

  it("the case list has the required cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  for (const badCase of cases) {
    it(`refuses ${badCase.label}: ${badCase.args.slice(1).join(" ")}`, async () => {
      const exit = await expectRefused(badCase.args.map(fill));
      expect(exit.stderr).toContain(fill(badCase.names));
      expect(exit.stderr).toContain(fill(badCase.fix));
    });
  }

  for (const file of BAD_SCENARIOS) {
    it(`refuses the shipped bad scenario ${file} naming the file`, async () => {
      const path = join(fixtures, "bad-scenarios", file);
      const exit = await expectRefused(["run", path]);
      expect(exit.stderr).toContain(path);
    });
  }
});
