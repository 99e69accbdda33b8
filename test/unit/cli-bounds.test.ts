import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliBuilt, repoRoot, runPortlab } from "../support/portlab-process.js";

/** The sane limits (duration 10m, rate 100,000/s, 1,000 MB of captures) hold at the CLI unless --unbounded lifts them explicitly. */

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

  it("refuses captures over 1,000 MB in all, naming the field and --unbounded, which lifts it", async () => {
    const file = join(repoRoot, "test", "fixtures", "bad-scenarios", "capture-over-limit.yaml");
    const refused = await runPortlab(["predict", file]);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain("capture.megabytes: 16 capture files");
    expect(refused.stderr).toContain("is over the limit of 1,000 MB in all");
    expect(refused.stderr).toContain("--unbounded");
    const lifted = await runPortlab(["predict", "--unbounded", file]);
    expect(lifted.code, lifted.stderr).toBe(0);
  });

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
