import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureImages } from "../../src/hosts/docker/images.js";
import { portlabDockerObjects } from "../support/docker.js";
import { leftoversOf, repoRoot, sandboxIdsInRunLog, startPortlab } from "../support/portlab-process.js";
import { dockerTestsEnabled, privilegedTestsEnabled } from "../support/prerequisites.js";
import { describeRun, leftoverNamespaces, runOf, runScenarioYaml } from "../support/run-engine.js";

const fixture = join(repoRoot, "test", "fixtures", "own-server");
const TEST_IMAGE = "portlab-test-own-server:latest";

function yaml(
  sandbox: string,
  server: string,
  clients = "[short, { kind: pooled, connections: 4 }]",
): string {
  return `name: own-server
sandbox: { driver: ${sandbox} }
server: ${server}
load: { rate: 200, duration: 2s }
clients: ${clients}
profiles: [narrow-range]
`;
}

/** Runs the CLI on a scenario whose server never gets ready: exit 3, its log's tail, and the run's sandbox ids. */
async function expectNotReady(file: string): Promise<{ stderr: string; sandboxIds: string[] }> {
  const out = await mkdtemp(join(tmpdir(), "portlab-test-"));
  try {
    const portlab = startPortlab(["run", file, "--out", out], { timeoutMs: 120_000 });
    const exit = await portlab.exited;
    expect(exit.code, exit.stderr).toBe(3);
    expect(exit.stderr).toContain("did not get ready");
    return { stderr: exit.stderr, sandboxIds: sandboxIdsInRunLog(out) };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

describe.skipIf(!privilegedTestsEnabled())("own server under netns: server.command", () => {
  it("a program that is not nginx answers the load inside the server namespace", async () => {
    const run = await runScenarioYaml(
      yaml(
        "netns",
        `{ command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(join(fixture, "http-server.mjs"))}], port: 8080 }`,
      ),
    );
    for (const client of ["short/client-first", "pooled(4)"]) {
      const result = runOf(run.summary, "narrow-range", client);
      expect(result.requests.ok, describeRun(result)).toBeGreaterThan(350);
      expect(result.requests.failed, describeRun(result)).toBe(0);
      // The program accepted them in the server host: its namespace counted the accepted connections (the
      // counters' last reading is the last tick, so the final moments of the load may fall after it).
      expect(result.counters.server.PassiveOpens ?? 0, describeRun(result)).toBeGreaterThanOrEqual(
        Math.floor((result.connectionsOpened ?? 1) * 0.9),
      );
    }
    expect(leftoverNamespaces(run.sandboxIds)).toEqual([]);
  });

  it("a program that never listens is exit 3 with the tail of its log, and nothing is left", async () => {
    const dir = await mkdtemp(join(tmpdir(), "portlab-test-"));
    try {
      const file = join(dir, "never.yaml");
      const command = `[${JSON.stringify(process.execPath)}, ${JSON.stringify(join(fixture, "http-server.mjs"))}]`;
      const { writeFile } = await import("node:fs/promises");
      await writeFile(
        file,
        yaml(
          "netns",
          `{ command: ${command}, port: 8080, env: { NEVER_LISTEN: "1" }, readyTimeout: 1500ms }`,
        ),
      );
      const exit = await expectNotReady(file);
      expect(exit.stderr).toContain("own-server: not listening on 8080, as asked");
      expect(exit.sandboxIds).toHaveLength(1);
      expect(leftoversOf(exit.sandboxIds)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!dockerTestsEnabled())("own server under docker: server.image", () => {
  beforeAll(async () => {
    await ensureImages(() => undefined);
    execFileSync("docker", ["build", "-q", "-t", TEST_IMAGE, fixture], { stdio: "ignore", timeout: 300_000 });
  }, 600_000);
  afterAll(() => {
    execFileSync("docker", ["image", "rm", "-f", TEST_IMAGE], { stdio: "ignore" });
  });

  it("an image that is not nginx, built by the test, answers the load", async () => {
    const run = await runScenarioYaml(
      yaml("docker", `{ image: ${TEST_IMAGE}, port: 8080 }`, "[short]"),
      240_000,
    );
    for (const client of ["short/client-first"]) {
      const result = runOf(run.summary, "narrow-range", client);
      expect(result.requests.ok, describeRun(result)).toBeGreaterThan(350);
      expect(result.requests.failed, describeRun(result)).toBe(0);
    }
    expect(portlabDockerObjects(run.sandboxIds)).toEqual([]);
  });

  it("an image that never listens is exit 3 with the tail of its log, and nothing is left", async () => {
    const dir = await mkdtemp(join(tmpdir(), "portlab-test-"));
    try {
      const file = join(dir, "never.yaml");
      const { writeFile } = await import("node:fs/promises");
      await writeFile(
        file,
        yaml("docker", `{ image: ${TEST_IMAGE}, port: 8080, env: { NEVER_LISTEN: "1" }, readyTimeout: 2s }`),
      );
      const exit = await expectNotReady(file);
      expect(exit.stderr).toContain("own-server: not listening on 8080, as asked");
      expect(exit.sandboxIds).toHaveLength(1);
      expect(portlabDockerObjects(exit.sandboxIds)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
