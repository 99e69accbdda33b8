import { describe, expect, it } from "vitest";
import { cliBuilt, runPortlab } from "../support/portlab-process.js";

/** The sane limits (duration 10m, rate 100,000/s) hold at the CLI unless --unbounded lifts them explicitly. */

const built = cliBuilt();

describe.runIf(built)("limits at the CLI", () => {
  for (const flags of [
    ["--duration", "11m"],
    ["--rate", "200000"],
  ]) {
    it(`refuses ${flags.join(" ")} without --unbounded, naming the flag and the way out`, async () => {
      for (const command of ["run", "predict"]) {
        const exit = await runPortlab([command, "--client", "short", ...flags]);
        expect(exit.code, exit.stderr).toBe(2);
        expect(exit.stderr).toContain(`${flags[0]}: `);
        expect(exit.stderr).toContain("is over the limit");
        expect(exit.stderr).toContain("--unbounded");
      }
    });

    it(`accepts ${flags.join(" ")} with --unbounded (validation passes: predict exits 0)`, async () => {
      const exit = await runPortlab(["predict", "--unbounded", "--client", "short", ...flags]);
      expect(exit.code, exit.stderr).toBe(0);
      expect(exit.stderr).toBe("");
      expect(exit.stdout).toContain("short/client-first");
    });
  }

  it("--unbounded lifts only the sane limits, never the structural ones (a port range past 65535)", async () => {
    const exit = await runPortlab([
      "predict",
      "--unbounded",
      "--client",
      "short",
      "--port-range",
      "40000-70000",
    ]);
    expect(exit.code, exit.stderr).toBe(2);
    expect(exit.stderr).toContain("--port-range: ");
  });
});
