import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTool } from "../../src/core/find-tool.js";
import { cliBuilt, repoRoot, runPortlab } from "../support/portlab-process.js";

/**
 * No shell ever sees scenario input: shell syntax in every string field that reaches a command (scenario and
 * profile names, subnet, sysctl names and values, flags) is refused by validation, before any command runs.
 * Free text that reaches no command (description, explanation) is accepted and stays text: the privileged
 * reliability-environment test runs such a scenario for real.
 */

const built = cliBuilt();
const strace = findTool("strace");
if (built && strace === null) {
  // Under CI a missing prerequisite is a failure, never a silent skip (the workflow installs strace).
  if (process.env.CI === "true") throw new Error("the predict injection test needs strace under CI");
  console.warn("skipping the predict injection test: strace is not installed");
}
const PWNED = "/tmp/portlab-pwned";
const fixtures = join(repoRoot, "test", "fixtures", "bad-flags");
const refusedFiles = built
  ? readdirSync(fixtures).filter((name) => name.startsWith("injection-") && !name.includes("harmless"))
  : [];
const DOLLAR = `$(touch ${PWNED})`;
const BACKTICKS = `\`touch ${PWNED}\``;
const refusedFlags: ReadonlyArray<readonly string[]> = [
  ["--sysctl", `${DOLLAR}=1`],
  ["--sysctl", `tcp_tw_reuse=${BACKTICKS}`],
  ["--sysctl", `tcp_tw_reuse=1 ${DOLLAR}`],
  ["--port-range", `40000-${BACKTICKS}`],
  ["--profile", DOLLAR],
  ["--duration", BACKTICKS],
  ["--client", DOLLAR],
];

describe.runIf(built)("shell syntax in scenario input", () => {
  const cwd = built ? mkdtempSync(join(tmpdir(), "plt-inject-")) : "";
  beforeAll(() => rmSync(PWNED, { force: true }));
  afterAll(() => {
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  it("has a fixture for each field that reaches a command", () => {
    expect(refusedFiles.length).toBeGreaterThanOrEqual(9);
  });

  for (const file of refusedFiles) {
    it(`refuses ${file}`, async () => {
      const exit = await runPortlab(["run", join(fixtures, file)], { cwd });
      expect(exit.code, exit.stderr).toBe(2);
      expect(exit.stderr).toContain("touch /tmp/portlab-pwned");
      expect(existsSync(PWNED)).toBe(false);
      expect(readdirSync(cwd)).toEqual([]);
    });
  }

  for (const flags of refusedFlags) {
    it(`refuses ${flags.join(" ")}`, async () => {
      const exit = await runPortlab(["run", ...flags], { cwd });
      expect(exit.code, exit.stderr).toBe(2);
      expect(exit.stderr).toMatch(/^portlab: /);
      expect(existsSync(PWNED)).toBe(false);
      expect(readdirSync(cwd)).toEqual([]);
    });
  }

  // Every program the process tree executes, as strace sees it: a scenario value that reached a shell shows as
  // an execve of /bin/sh (and of touch). predict must execute nothing but node itself.
  it.runIf(strace !== null)(
    "accepts shell syntax in free text and executes no program at all (predict)",
    async () => {
      const trace = join(cwd, "..", `plt-inject-execve-${process.pid}.txt`);
      try {
        const exit = await runPortlab(["predict", join(fixtures, "injection-harmless-text.yaml")], {
          cwd,
          wrapper: [strace as string, "-f", "-qq", "-s", "200", "-e", "trace=execve,execveat", "-o", trace],
        });
        expect(exit.code, exit.stderr).toBe(0);
        expect(exit.stdout).toContain("harmless  short/client-first");
        const executed = readFileSync(trace, "utf8")
          .split("\n")
          .filter((line) => /\bexecve(at)?\(/.test(line));
        expect(executed).toHaveLength(1);
        expect(executed[0]).toContain(`execve("${process.execPath}"`);
        expect(existsSync(PWNED)).toBe(false);
      } finally {
        rmSync(trace, { force: true });
      }
    },
  );
});
