import { beforeAll, describe, expect, it } from "vitest";
import { ensureImages } from "../../src/hosts/docker/images.js";
import { portlabDockerObjects } from "../support/docker.js";
import { dockerTestsEnabled } from "../support/prerequisites.js";
import { describeRun, type EngineRun, runOf, runScenarioYaml } from "../support/run-engine.js";

const enabled = dockerTestsEnabled();

/** 1,000 client ports at 2,000 requests/s: the first EADDRNOTAVAIL is due at 500 ms. */
function scenario(driver: "docker" | "netns", clients: string): string {
  return `name: driver-${driver}
sandbox: { driver: ${driver} }
load: { rate: 2000, duration: 2s }
clients: ${clients}
profiles: [narrow-range]
`;
}

describe.skipIf(!enabled)("docker driver (real containers)", () => {
  let docker: EngineRun;
  let netns: EngineRun;

  beforeAll(async () => {
    await ensureImages(() => undefined);
    docker = await runScenarioYaml(
      scenario("docker", "[short, { kind: pooled, connections: 16 }, { kind: short, close: server-first }]"),
      240_000,
    );
    netns = await runScenarioYaml(scenario("netns", "[short]"), 120_000);
  }, 600_000);

  it("short client: the first EADDRNOTAVAIL comes within 25% of 500 ms, and within 15% of the netns driver's", () => {
    const run = runOf(docker.summary, "narrow-range");
    expect(run.exhaustedAtMs, describeRun(run)).not.toBeNull();
    expect(Math.abs((run.exhaustedAtMs as number) - 500) / 500, describeRun(run)).toBeLessThanOrEqual(0.25);
    const reference = runOf(netns.summary, "narrow-range").exhaustedAtMs as number;
    expect(Math.abs((run.exhaustedAtMs as number) - reference) / reference).toBeLessThanOrEqual(0.15);
    expect(run.peak.client?.TIME_WAIT, describeRun(run)).toBeGreaterThanOrEqual(990);
  });

  it("pooled(16) never runs out of ports", () => {
    const run = runOf(docker.summary, "narrow-range", "pooled(16)");
    expect(run.exhaustedAtMs, describeRun(run)).toBeNull();
    expect(run.requests.failed, describeRun(run)).toBe(0);
    expect(run.peak.client?.portsInUse, describeRun(run)).toBeLessThanOrEqual(17);
  });

  it("reads back inside the client container the parameters it asked for", () => {
    const run = runOf(docker.summary, "narrow-range");
    expect(run.sysctls["net.ipv4.ip_local_port_range"]).toBe("40000 40999");
    expect(run.ports).toMatchObject({ low: 40000, high: 40999, usable: 1000 });
    // The server host keeps a fresh namespace's range: --sysctl reached the client container only.
    expect(run.serverSysctls["net.ipv4.ip_local_port_range"]).toBe("32768 60999");
  });

  it("a server-first close leaves TIME_WAIT in the server container, not the client", () => {
    const run = runOf(docker.summary, "narrow-range", "short/server-first");
    expect(run.exhaustedAtMs, describeRun(run)).toBeNull();
    expect(run.counters.server.TW ?? 0, describeRun(run)).toBeGreaterThan(3000);
    expect(run.peak.server?.TIME_WAIT ?? 0, describeRun(run)).toBeGreaterThan(300);
    expect(run.peak.client?.TIME_WAIT ?? 0, describeRun(run)).toBeLessThan(10);
  });

  it("leaves no container or network behind, and no error in teardown", () => {
    expect(docker.errors).toEqual([]);
    expect(docker.sandboxIds).toHaveLength(3);
    expect(portlabDockerObjects(docker.sandboxIds)).toEqual([]);
  });
});
