import { dockerTestsEnabled } from "../support/prerequisites.js";

const enabled = dockerTestsEnabled();

import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostIpv4Sysctls } from "../support/host-state.js";
import { leftoversOf, repoRoot, sandboxIdsInRunLog } from "../support/portlab-process.js";
import { runProgram } from "../support/run-program.js";

// The tag docker/build-images.sh gives the root Dockerfile's image (reused while its source hash matches).
const IMAGE = "portlab:latest";
const CONTAINER_LABEL = `portlab.test=docker-image-${process.pid}`;

function containersWithLabel(): string[] {
  return execFileSync("docker", ["ps", "-aq", "--filter", `label=${CONTAINER_LABEL}`], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean);
}

interface RunSummary {
  profile: string;
  client: string;
  closeMode: string | null;
  sysctls: Record<string, string>;
  requests: { ok: number; failed: number };
  errors: Record<string, number>;
  exhaustedAtMs: number | null;
  prediction: { exhaustedAtMs: number | null } | null;
}

describe.skipIf(!enabled)("the portlab image", () => {
  let results = "";

  beforeAll(async () => {
    // Seeds the base images offline when no registry answers, then builds (minutes the first time).
    const built = await runProgram("bash", [join(repoRoot, "docker", "build-images.sh")], 25 * 60_000);
    if (built.code !== 0) throw new Error(`docker/build-images.sh failed (${built.code}):\n${built.stderr}`);
    results = mkdtempSync(join(tmpdir(), "portlab-image-results-"));
  }, 26 * 60_000);

  afterAll(() => {
    if (enabled) for (const id of containersWithLabel()) execFileSync("docker", ["rm", "-f", id]);
    if (results) rmSync(results, { recursive: true, force: true });
  });

  it("runs the default comparison with only NET_ADMIN and SYS_ADMIN and writes its results to the mounted directory", async () => {
    const hostBefore = hostIpv4Sysctls();
    const exit = await runProgram(
      "docker",
      [
        ...["run", "--rm", "--label", CONTAINER_LABEL],
        ...["--cap-add", "NET_ADMIN", "--cap-add", "SYS_ADMIN"],
        ...["-v", `${results}:/results`, IMAGE, "run"],
      ],
      240_000,
    );
    expect(exit.code, exit.stderr).toBe(0);

    // WORKDIR / puts the default results/<timestamp>-<name>/ under the mounted /results.
    const directories = readdirSync(results);
    expect(directories).toEqual([expect.stringMatching(/-short-vs-pooled$/)]);
    const directory = join(results, directories[0] as string);
    expect(exit.stdout).toContain(`results: /results/${directories[0]}`);
    const summary = JSON.parse(readFileSync(join(directory, "summary.json"), "utf8")) as {
      runs: RunSummary[];
    };

    // The default tells the whole story: short connections run out under narrow-range (in 5 s, at 200/s), hold
    // under tw-reuse, and the pool holds under both.
    const runOf = (profile: string, client: string) =>
      summary.runs.find((entry) => entry.profile === profile && entry.client === client);
    const short = runOf("narrow-range", "short");
    expect(summary.runs.map((entry) => `${entry.profile} ${entry.client}`)).toEqual([
      "narrow-range short",
      "narrow-range pooled",
      "tw-reuse short",
      "tw-reuse pooled",
    ]);
    // The narrow port range was set, and read back, inside the container's namespaces.
    expect(short?.sysctls["net.ipv4.ip_local_port_range"]).toBe("40000 40999");
    expect(short?.closeMode).toBe("client-first");
    expect(short?.errors.EADDRNOTAVAIL).toBeGreaterThan(0);
    expect(short?.prediction?.exhaustedAtMs).toBe(5_000);
    expect(Math.abs((short?.exhaustedAtMs ?? 0) - 5_000)).toBeLessThan(1_250);
    const reused = runOf("tw-reuse", "short");
    expect(reused?.exhaustedAtMs).toBeNull();
    expect(reused?.requests.failed).toBe(0);
    for (const profile of ["narrow-range", "tw-reuse"]) {
      const pooled = runOf(profile, "pooled");
      expect(pooled?.exhaustedAtMs).toBeNull();
      expect(pooled?.requests.failed).toBe(0);
      expect(pooled?.requests.ok).toBeGreaterThan(0);
    }

    // Nothing left: no container, and the run's namespaces never existed on the host; its sysctls untouched.
    expect(containersWithLabel()).toEqual([]);
    const sandboxIds = sandboxIdsInRunLog(directory);
    expect(sandboxIds.length).toBeGreaterThan(0);
    expect(leftoversOf(sandboxIds)).toEqual([]);
    expect(hostIpv4Sysctls()).toEqual(hostBefore);
  }, 300_000);
});
