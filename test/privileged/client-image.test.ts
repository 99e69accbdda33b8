import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureImages } from "../../src/hosts/docker/images.js";
import { portlabDockerObjects } from "../support/docker.js";
import { repoRoot, sandboxIdsInRunLog, startPortlab } from "../support/portlab-process.js";
import { dockerTestsEnabled } from "../support/prerequisites.js";
import { anyRunOf, describeRun, runScenarioYaml } from "../support/run-engine.js";

// The example's own image and tag: docker keeps its layers, so only the first build here takes long.
const JVM_IMAGE = "portlab-jvm-client:latest";
const LABEL = `command(${JVM_IMAGE})`;
const WRK_IMAGE = "portlab-wrk-client:latest";

function yaml(profile: string, rate: number): string {
  return `name: client-image
sandbox: { driver: docker }
load: { duration: 3s }
clients:
  - { kind: command, image: ${JVM_IMAGE}, env: { RATE: "${rate}" }, expect: { kind: short, rate: ${rate} } }
profiles: [${profile}]
`;
}

/** One run of the JVM image as the client host: its summary, its log, and what the run left labelled. */
async function runJvm(profile: string, rate: number) {
  let log = "";
  const run = await runScenarioYaml(yaml(profile, rate), 120_000, (directory) => {
    log = readFileSync(join(directory, "client-0.log"), "utf8");
  });
  return { result: anyRunOf(run.summary, profile, LABEL), log, left: portlabDockerObjects(run.sandboxIds) };
}

/** What the program read in its own container, e.g. `ip_local_port_range 40000 40999`. */
function readBack(log: string, name: string): string | undefined {
  const line = log.split("\n").find((one) => one.startsWith(`${name} `));
  return line?.slice(name.length + 1).replace(/\s+/g, " ");
}

describe.skipIf(!dockerTestsEnabled())("your own client image as the client host (docker driver)", () => {
  beforeAll(async () => {
    await ensureImages(() => undefined); // seeds debian:bookworm-slim where no registry serves it
    for (const [image, example] of [
      [JVM_IMAGE, "jvm-client"],
      [WRK_IMAGE, "wrk-client"],
    ] as const) {
      execFileSync("docker", ["build", "-q", "-t", image, join(repoRoot, "examples", example)], {
        stdio: "ignore",
        timeout: 600_000,
      });
    }
  }, 900_000);

  it("a real load tool, Debian's wrk: keep-alive holds 16 ports; with Connection: close the server holds TIME_WAIT", async () => {
    const options = "-t1, -c16, -d2s";
    const run = await runScenarioYaml(
      `name: wrk-client
sandbox: { driver: docker }
load: { duration: 3s }
clients:
  - { kind: command, image: ${WRK_IMAGE}, run: [wrk-target, ${options}] }
  - { kind: command, image: ${WRK_IMAGE}, run: [wrk-target, ${options}, -H, "Connection: close"] }
profiles: [narrow-range]
`,
      120_000,
    );
    const [keepAlive, close] = run.summary.runs;
    // wrk's own log: it ran its 2 s and counted its requests.
    expect(keepAlive?.program?.exitCode).toBe(0);
    expect(keepAlive?.peak.client?.portsInUse).toBeLessThanOrEqual(16 + 2);
    expect(keepAlive?.minFreePorts).toBeGreaterThanOrEqual(1000 - 16 - 2);
    expect(close?.program?.exitCode).toBe(0);
    expect(close?.peak.server?.TIME_WAIT).toBeGreaterThan(100);
    expect(close?.peak.server?.TIME_WAIT).toBeGreaterThan((close?.peak.client?.TIME_WAIT ?? 0) * 3);
    expect(close?.minFreePorts).toBeGreaterThan(0);
    expect(portlabDockerObjects(run.sandboxIds)).toEqual([]);
  }, 150_000);

  it("a JVM client under narrow-range runs out of ports: Cannot assign requested address", async () => {
    const { result, log, left } = await runJvm("narrow-range", 800);
    expect(log, describeRun(result)).toContain("Cannot assign requested address");
    expect(result.minFreePorts, describeRun(result)).toBe(0);
    expect(result.freePortsZeroAtMs).not.toBeNull();
    // The profile's parameters, read back by the program in its own container and by the agent beside it.
    expect(readBack(log, "ip_local_port_range")).toBe("40000 40999");
    expect(result.sysctls["net.ipv4.ip_local_port_range"]).toBe("40000 40999");
    expect(result.program?.stoppedBy).toBe("bound");
    expect(result.prediction?.exhaustedAtMs).toBeGreaterThan(0);
    expect(left).toEqual([]);
  }, 150_000);

  it("the same image under tw-reuse, at a rate it sustains, does not run out", async () => {
    const { result, log, left } = await runJvm("tw-reuse", 400);
    expect(readBack(log, "tcp_tw_reuse")).toBe("1");
    expect(log).not.toContain("Cannot assign requested address");
    expect(result.minFreePorts, describeRun(result)).toBeGreaterThan(0);
    expect(result.freePortsZeroAtMs).toBeNull();
    expect(left).toEqual([]);
  }, 150_000);

  it("an image the engine does not have is exit 3 before anything is made", async () => {
    const dir = await mkdtemp(join(tmpdir(), "portlab-test-"));
    try {
      const file = join(dir, "missing.yaml");
      await writeFile(file, yaml("narrow-range", 100).replace(JVM_IMAGE, "portlab-test-no-such-image:1"));
      const exit = await startPortlab(["run", file, "--out", join(dir, "out")], { timeoutMs: 60_000 }).exited;
      expect(exit.code, exit.stderr).toBe(3);
      expect(exit.stderr).toContain("CLIENT_IMAGE_MISSING");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it("a program the image does not have is exit 3 with the engine's reason, and nothing is left", async () => {
    const dir = await mkdtemp(join(tmpdir(), "portlab-test-"));
    try {
      const file = join(dir, "bad-run.yaml");
      const out = join(dir, "out");
      await writeFile(
        file,
        yaml("narrow-range", 100).replace("env:", "run: [no-such-program], env:").replace("3s", "1s"),
      );
      const exit = await startPortlab(["run", file, "--out", out], { timeoutMs: 60_000 }).exited;
      expect(exit.code, exit.stderr).toBe(3);
      expect(exit.stderr).toContain("COMMAND_START");
      expect(exit.stderr).toContain("no-such-program");
      const ids = sandboxIdsInRunLog(out);
      expect(ids).toHaveLength(1);
      expect(portlabDockerObjects(ids)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
