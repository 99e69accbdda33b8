import { dockerTestsEnabled } from "../support/prerequisites.js";

const enabled = dockerTestsEnabled();

import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../support/portlab-process.js";
import { runProgram } from "../support/run-program.js";

// portlab in its own image, given only the engine's socket: the docker driver from inside a container, the way
// Docker Desktop users on macOS and Windows run it. The lab's containers are the engine's, beside this one.
const IMAGE = "portlab:latest";
const OUTER_LABEL = `portlab.test=docker-socket-${process.pid}`;
const STATE_VOLUME = `portlab-test-state-${process.pid}`;
// The user who ran docker: the mounted directory is theirs, and so must be what portlab writes into it.
const CALLER = 65534;

/** `docker run` of the portlab image with the socket, the state volume and `work` as its working directory. */
function portlabInDocker(work: string, name: string, args: readonly string[]): string[] {
  return [
    ...["run", "--rm", "--name", name, "--label", OUTER_LABEL],
    ...["-v", "/var/run/docker.sock:/var/run/docker.sock", "-v", `${STATE_VOLUME}:/run/portlab`],
    ...["-v", `${work}:/work`, "-w", "/work", IMAGE, ...args],
  ];
}

/** Containers and networks the lab made (labelled portlab.run), whoever made them. */
function labLeftovers(): string[] {
  const list = (kind: "container" | "network", all: string[]) =>
    execFileSync("docker", [kind, "ls", "-q", ...all, "--filter", "label=portlab.run"], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map((id) => `${kind} ${id}`);
  return [...list("container", ["-a"]), ...list("network", [])];
}

function workDirectory(): string {
  const work = mkdtempSync(join(tmpdir(), "portlab-socket-work-"));
  chownSync(work, CALLER, CALLER);
  return work;
}

describe.skipIf(!enabled)("portlab in its image, driving the engine through its socket", () => {
  const works: string[] = [];

  beforeAll(async () => {
    const built = await runProgram("bash", [join(repoRoot, "docker", "build-images.sh")], 25 * 60_000);
    if (built.code !== 0) throw new Error(`docker/build-images.sh failed (${built.code}):\n${built.stderr}`);
    // Lab containers left by another test would be counted against this one.
    expect(labLeftovers()).toEqual([]);
  }, 26 * 60_000);

  afterAll(() => {
    if (!enabled) return;
    const outer = execFileSync("docker", ["ps", "-aq", "--filter", `label=${OUTER_LABEL}`], {
      encoding: "utf8",
    });
    for (const id of outer.split("\n").filter(Boolean)) execFileSync("docker", ["rm", "-f", id]);
    execFileSync("docker", ["volume", "rm", "-f", STATE_VOLUME], { stdio: "ignore" });
    for (const work of works) rmSync(work, { recursive: true, force: true });
  });

  it("runs out of 1,000 ports at 2,000/s in about 500 ms, writes the results as the caller, and leaves nothing", async () => {
    const work = workDirectory();
    works.push(work);
    const exit = await runProgram(
      "docker",
      portlabInDocker(work, `portlab-socket-${process.pid}-run`, [
        ...["run", "--driver", "docker", "--profile", "narrow-range"],
        ...["--client", "short", "--rate", "2000", "--duration", "2s"],
      ]),
      240_000,
    );
    expect(exit.code, exit.stderr).toBe(0);

    const results = join(work, "results");
    const [name] = readdirSync(results);
    const directory = join(results, name as string);
    expect(exit.stdout).toContain(`results: /work/results/${name}`);
    for (const path of [results, directory, join(directory, "summary.json")]) {
      expect(statSync(path).uid, path).toBe(CALLER);
    }
    const summary = JSON.parse(readFileSync(join(directory, "summary.json"), "utf8")) as {
      runs: { driver?: string; exhaustedAtMs: number | null; errors: Record<string, number> }[];
    };
    const [short] = summary.runs;
    expect(short?.errors.EADDRNOTAVAIL).toBeGreaterThan(0);
    expect(Math.abs((short?.exhaustedAtMs ?? 0) - 500)).toBeLessThanOrEqual(125);
    expect(labLeftovers()).toEqual([]);
  }, 300_000);

  it("an error mid-run (a server that never listens) is exit 3 and leaves nothing", async () => {
    const work = workDirectory();
    works.push(work);
    // The portlab image as the server: its entrypoint prints help and exits, so nothing ever listens.
    writeFileSync(
      join(work, "never-listens.yaml"),
      [
        "name: never-listens",
        "sandbox: { driver: docker }",
        `server: { image: ${IMAGE}, port: 8080, readyTimeout: 2s }`,
        "profiles: [narrow-range]",
        "clients: [short]",
        "load: { rate: 100, duration: 1s }",
        "",
      ].join("\n"),
    );
    const exit = await runProgram(
      "docker",
      portlabInDocker(work, `portlab-socket-${process.pid}-error`, ["run", "never-listens.yaml"]),
      240_000,
    );
    expect(exit.code, exit.stdout + exit.stderr).toBe(3);
    expect(exit.stderr).toContain("8080");
    expect(labLeftovers()).toEqual([]);
  }, 300_000);

  it("SIGINT to the container tears the lab down; after SIGKILL, `portlab clean` in a new container removes what the record names", async () => {
    for (const signal of ["SIGINT", "SIGKILL"]) {
      const work = workDirectory();
      works.push(work);
      const name = `portlab-socket-${process.pid}-${signal.toLowerCase()}`;
      const child: ChildProcess = spawn(
        "docker",
        portlabInDocker(work, name, [
          "run",
          "--driver",
          "docker",
          "--profile",
          "narrow-range",
          "--duration",
          "30s",
        ]),
        { stdio: ["ignore", "ignore", "pipe"] },
      );
      let stderr = "";
      child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
      });
      const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
      // Under load: the lab's containers exist.
      const deadline = Date.now() + 120_000;
      while (labLeftovers().filter((entry) => entry.startsWith("container")).length < 2) {
        if (Date.now() > deadline) throw new Error(`the lab never started:\n${stderr}`);
        await sleep(500);
      }
      await sleep(2_000);
      execFileSync("docker", ["kill", "--signal", signal, name], { stdio: "ignore" });
      const code = await exited;
      if (signal === "SIGINT") {
        expect(code, stderr).toBe(130);
        expect(labLeftovers()).toEqual([]);
      } else {
        expect(labLeftovers().length).toBeGreaterThan(0);
        const clean = await runProgram("docker", portlabInDocker(work, `${name}-clean`, ["clean"]), 120_000);
        expect(clean.code, clean.stdout + clean.stderr).toBe(0);
        expect(labLeftovers()).toEqual([]);
      }
    }
  }, 400_000);

  it("`portlab doctor` in the container names the engine it reaches through the socket, or how to mount it", async () => {
    const work = workDirectory();
    works.push(work);
    const reached = await runProgram(
      "docker",
      portlabInDocker(work, `portlab-socket-${process.pid}-doctor`, ["doctor"]),
      120_000,
    );
    // Without NET_ADMIN and SYS_ADMIN the netns driver cannot run, but the docker driver can: not a failure.
    expect(reached.code, reached.stdout).toBe(0);
    expect(reached.stdout).toMatch(
      /ok +docker +engine \S+ \(linux\/amd64\) at unix:\/\/\/var\/run\/docker.sock, reached from inside this container/,
    );
    expect(reached.stdout).toContain("for --driver docker: -v /var/run/docker.sock:/var/run/docker.sock");
    const alone = await runProgram(
      "docker",
      ["run", "--rm", "--label", OUTER_LABEL, IMAGE, "doctor"],
      120_000,
    );
    expect(alone.stdout).toContain("no engine answers this container");
    expect(alone.stdout).toContain(
      "fix: mount the engine's socket: docker run -v /var/run/docker.sock:/var/run/docker.sock",
    );
  }, 300_000);
});
