import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planSubnet } from "../../src/core/subnet.js";
import { ensureImages } from "../../src/hosts/docker/images.js";
import { portlabDockerObjects } from "../support/docker.js";
import { runPortlab } from "../support/portlab-process.js";
import { dockerTestsEnabled } from "../support/prerequisites.js";
import { runScenarioYaml } from "../support/run-engine.js";

const enabled = dockerTestsEnabled();
const SUBNET = "198.18.0.0/24";

/**
 * The command client's program (node -e, so it needs no file in the container): one TCP connect to each
 * target in TARGETS and to the server, 1.5 s each, printed as `reach: {name: connected | timeout | errno}`.
 */
const REACH = `
const net = require("node:net");
const targets = { ...JSON.parse(process.env.TARGETS), server: process.env.PORTLAB_TARGET_HOST + ":" + process.env.PORTLAB_TARGET_PORT };
const attempt = (target) => new Promise((resolve) => {
  const [host, port] = target.split(":");
  const socket = net.connect({ host, port: Number(port) });
  const timer = setTimeout(() => { socket.destroy(); resolve("timeout"); }, 1500);
  socket.once("connect", () => { clearTimeout(timer); socket.destroy(); resolve("connected"); });
  socket.once("error", (error) => { clearTimeout(timer); resolve(error.code); });
});
Promise.all(Object.entries(targets).map(async ([name, target]) => [name, await attempt(target)]))
  .then((results) => console.log("reach: " + JSON.stringify(Object.fromEntries(results))));
`;

/** This machine's own IPv4 addresses outside Docker's bridges (eth0's, say). */
function machineAddresses(): string[] {
  return Object.entries(networkInterfaces())
    .filter(([name]) => name !== "docker0" && !name.startsWith("br-"))
    .flatMap(([, infos]) => infos ?? [])
    .filter((info) => info.family === "IPv4" && !info.internal)
    .map((info) => info.address);
}

describe.skipIf(!enabled)("the docker driver's network: internal, the client reaches the server only", () => {
  let listener: Server;
  let accepted = 0;
  let reach: Record<string, string> = {};
  let sandboxIds: readonly string[] = [];
  const targets: Record<string, string> = {};

  beforeAll(async () => {
    await ensureImages(() => undefined);
    // A service of this machine on every address: a container that reaches the machine would connect to it.
    listener = createServer((socket) => {
      accepted += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, "0.0.0.0", resolve));
    const port = (listener.address() as { port: number }).port;
    const docker0 = execFileSync(
      "docker",
      ["network", "inspect", "bridge", "--format", "{{(index .IPAM.Config 0).Gateway}}"],
      { encoding: "utf8" },
    ).trim();
    targets.docker0 = `${docker0}:${port}`;
    targets.bridgeGateway = `${planSubnet(SUBNET, 1).gateway}:${port}`;
    machineAddresses().forEach((address, index) => {
      targets[`machine${index}`] = `${address}:${port}`;
    });
    targets.internet = "1.1.1.1:80";
    const run = await runScenarioYaml(
      JSON.stringify({
        name: "docker-network",
        sandbox: { driver: "docker", subnet: SUBNET },
        load: { duration: "10s" },
        clients: [
          {
            kind: "command",
            run: ["node", "-e", REACH],
            env: { TARGETS: JSON.stringify(targets) },
          },
        ],
        profiles: ["narrow-range"],
      }),
      120_000,
      (directory) => {
        const log = readFileSync(join(directory, "client-0.log"), "utf8");
        const line = log.split("\n").find((text) => text.startsWith("reach: "));
        if (line === undefined) throw new Error(`the program printed no result:\n${log}`);
        reach = JSON.parse(line.slice("reach: ".length));
      },
    );
    expect(run.summary.runs[0]?.program?.exitCode, JSON.stringify(run.summary.runs[0]?.program)).toBe(0);
    sandboxIds = run.sandboxIds;
  }, 300_000);

  afterAll(async () => {
    await new Promise((resolve) => listener?.close(resolve));
  });

  it("the client host reaches the server", () => {
    expect(reach.server, JSON.stringify(reach)).toBe("connected");
  });

  it("reaches neither the internet nor this machine: docker0's address, the bridge's gateway, eth0's", () => {
    expect(Object.keys(reach).length, JSON.stringify(reach)).toBeGreaterThanOrEqual(5);
    for (const [name, result] of Object.entries(reach))
      if (name !== "server")
        expect(result, `${name} (${targets[name]}): ${JSON.stringify(reach)}`).not.toBe("connected");
    expect(accepted).toBe(0);
  });

  it("leaves no container or network behind", () => {
    expect(sandboxIds).toHaveLength(1);
    expect(portlabDockerObjects(sandboxIds)).toEqual([]);
  });
});

/** A run id's owner (its temp dir's owner.json), or null when it has none. */
function ownerOf(runId: string): number | null {
  try {
    const owner = JSON.parse(readFileSync(join(tmpdir(), `portlab-${runId}`, "owner.json"), "utf8"));
    return typeof owner.pid === "number" ? owner.pid : null;
  } catch {
    return null;
  }
}

describe.skipIf(!enabled)("a sandbox.subnet that overlaps this machine's route and address", () => {
  // A veth pair (this kernel has no dummy links) holding an address in TEST-NET-2, with its prefix route.
  const TEST_SUBNET = "198.51.100.0/24";
  const ip = (...args: string[]) => execFileSync("ip", args, { stdio: "pipe" });

  it("is exit 3 before anything is made, naming the subnet, the route, the address and their device", async () => {
    const dir = await mkdtemp(join(tmpdir(), "portlab-test-"));
    // The pair is this test's own: a leftover of an earlier, killed run of it goes first.
    if (existsSync("/sys/class/net/pl-ovl0")) ip("link", "del", "pl-ovl0");
    try {
      ip("link", "add", "pl-ovl0", "type", "veth", "peer", "name", "pl-ovl1");
      ip("addr", "add", "198.51.100.1/24", "dev", "pl-ovl0");
      ip("link", "set", "pl-ovl0", "up");
      ip("link", "set", "pl-ovl1", "up");
      const file = join(dir, "overlap.yaml");
      await writeFile(
        file,
        `name: overlap\nsandbox: { driver: docker, subnet: ${TEST_SUBNET} }\nclients: [short]\nload: { rate: 100, duration: 2s }\n`,
      );
      const out = join(dir, "out");
      const before = new Set(portlabDockerObjects());
      const tempDirsBefore = new Set(readdirSync(tmpdir()));
      const exit = await runPortlab(["run", file, "--out", out], { timeoutMs: 120_000 });

      expect(exit.code, exit.stderr).toBe(3);
      expect(exit.stderr).toContain(
        `sandbox.subnet ${TEST_SUBNET} overlaps this machine's route 198.51.100.0/24 dev pl-ovl0, address 198.51.100.1/24 on pl-ovl0`,
      );
      expect(exit.stderr).toContain("fix: choose another sandbox.subnet");
      expect(exit.stderr).toMatch(/e\.g\. \d+\.\d+\.\d+\.0\/24, or remove the route/);
      expect(exit.stderr).toContain("code: DOCKER_SUBNET");
      // Refused in the preflight: not after readyTimeout, and before the run directory, a container or network.
      expect(exit.durationMs).toBeLessThan(15_000);
      expect(existsSync(out)).toBe(false);
      const made = portlabDockerObjects().filter((line) => {
        if (before.has(line)) return false;
        const owner = ownerOf(line.split(" ").at(-1) ?? "");
        return owner === null || owner === exit.pid; // a live concurrent run of someone else has its own owner
      });
      expect(made).toEqual([]);
      const tempDirs = readdirSync(tmpdir()).filter(
        (entry) => !tempDirsBefore.has(entry) && /^portlab-[0-9a-f]{8}$/.test(entry),
      );
      expect(tempDirs.filter((entry) => ownerOf(entry.slice("portlab-".length)) === exit.pid)).toEqual([]);
    } finally {
      if (existsSync("/sys/class/net/pl-ovl0")) ip("link", "del", "pl-ovl0");
      await rm(dir, { recursive: true, force: true });
    }
    expect(existsSync("/sys/class/net/pl-ovl1")).toBe(false);
  });
});
