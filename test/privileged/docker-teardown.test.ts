import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureImages } from "../../src/hosts/docker/images.js";
import { withCleanLock } from "../support/clean-lock.js";
import { portlabDockerObjects } from "../support/docker.js";
import { runPortlab, sandboxIdsInRunLog, startPortlab } from "../support/portlab-process.js";
import { dockerTestsEnabled } from "../support/prerequisites.js";

const enabled = dockerTestsEnabled();
const run = (seconds: number, out: string) => [
  "run",
  "--driver",
  "docker",
  "--client",
  "short",
  "--rate",
  "300",
  "--duration",
  `${seconds}s`,
  "--port-range",
  "40000-40999",
  "--out",
  out,
];

describe.skipIf(!enabled)("docker driver teardown: SIGINT, and SIGKILL followed by `portlab clean`", () => {
  const root = enabled ? mkdtempSync(join(tmpdir(), "plt-docker-")) : "";
  beforeAll(() => ensureImages(() => undefined), 600_000);
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const loadRunning = (out: string) => () => {
    const samples = join(out, "samples.ndjson");
    return existsSync(samples) && statSync(samples).size > 0;
  };

  it("SIGINT mid-load: exit 130, partial results, no container or network of the run left", async () => {
    const out = join(root, "sigint");
    const portlab = startPortlab(run(20, out), { timeoutMs: 120_000 });
    await portlab.waitFor("the load's first samples", loadRunning(out), 90_000);
    const [id] = sandboxIdsInRunLog(out);
    expect(portlabDockerObjects([id as string]).length).toBeGreaterThanOrEqual(3);
    portlab.signal("SIGINT");
    const exit = await portlab.exited;
    expect(exit.code, exit.stderr).toBe(130);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as { interrupted: boolean };
    expect(summary.interrupted).toBe(true);
    expect(portlabDockerObjects([id as string])).toEqual([]);
  });

  it("SIGKILL mid-load leaves labelled containers and a network; `portlab clean` removes exactly them", () =>
    withCleanLock(async () => {
      const out = join(root, "sigkill");
      const portlab = startPortlab(run(20, out), { timeoutMs: 120_000 });
      await portlab.waitFor("the load's first samples", loadRunning(out), 90_000);
      const [id] = sandboxIdsInRunLog(out);
      portlab.signal("SIGKILL");
      await portlab.exited;
      const left = portlabDockerObjects([id as string]);
      expect(left.filter((line) => line.startsWith("container "))).toHaveLength(3);
      expect(left.filter((line) => line.startsWith("network "))).toHaveLength(1);

      const clean = await runPortlab(["clean"], { timeoutMs: 120_000 });
      expect(clean.code, clean.stderr).toBe(0);
      expect(clean.stdout).toContain(`container portlab-${id}-client`);
      expect(clean.stdout).toContain(`network portlab-${id}`);
      expect(portlabDockerObjects([id as string])).toEqual([]);
    }));
});
