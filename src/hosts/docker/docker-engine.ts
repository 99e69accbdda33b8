import { spawn } from "node:child_process";
import { constants, existsSync, openSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { runCommand } from "../../core/exec-file.js";
import { findTool } from "../../core/find-tool.js";

/** Where dockerd started by `portlab doctor --fix docker` writes its log. */
export const DOCKERD_LOG = "/var/log/portlab-dockerd.log";
const START_WAIT_MS = 60_000;

/**
 * What this machine has of a Docker engine, told apart by the program that matters: the CLI only talks to an
 * engine, and a CLI on PATH (these machines ship one in /usr/local/bin) says nothing about dockerd.
 */
export type EngineState =
  | { readonly kind: "answers"; readonly version: string; readonly endpoint: string; readonly os: string }
  | { readonly kind: "not-running"; readonly dockerd: string; readonly cli: string | null }
  | { readonly kind: "not-installed"; readonly cli: string | null };

/** The daemon socket the CLI talks to: DOCKER_HOST, else its current context's, else the default socket. */
async function endpointOf(): Promise<string> {
  if (process.env.DOCKER_HOST) return process.env.DOCKER_HOST;
  const context = await runCommand(
    "docker",
    ["context", "inspect", "--format", "{{.Endpoints.docker.Host}}"],
    10_000,
  )
    .then((result) => result.stdout.trim())
    .catch(() => "");
  return context || "unix:///var/run/docker.sock";
}

export async function engineState(): Promise<EngineState> {
  const cli = findTool("docker");
  if (cli !== null) {
    const answer = await runCommand(
      "docker",
      ["version", "--format", "{{.Server.Version}}|{{.Server.Os}}/{{.Server.Arch}}"],
      10_000,
    ).catch(() => null);
    const [version, os] = answer?.stdout.trim().split("|") ?? [];
    if (version) return { kind: "answers", version, os: os ?? "", endpoint: await endpointOf() };
  }
  const dockerd = findTool("dockerd");
  return dockerd === null ? { kind: "not-installed", cli } : { kind: "not-running", dockerd, cli };
}

/** True on Debian and its derivatives (Ubuntu): where `doctor --fix docker` can install docker.io. */
export function hasApt(): boolean {
  return findTool("apt-get") !== null && findTool("dpkg") !== null;
}

/** Debian's engine: dockerd, containerd and runc (and a CLI, which may shadow another one on PATH). */
export async function installEngine(): Promise<void> {
  await runCommand("apt-get", ["update", "-qq"], 600_000);
  await runCommand("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "docker.io"], 900_000);
}

/**
 * Starts dockerd: through systemd where it runs the machine, else as a detached process of its own (a container
 * or a CI machine without an init system), logging to DOCKERD_LOG. Resolves once the engine answers.
 */
export async function startEngine(dockerd: string): Promise<EngineState> {
  // sd_booted(3)'s test: systemd runs this machine when /run/systemd/system exists.
  const systemd = findTool("systemctl") !== null && existsSync("/run/systemd/system");
  if (systemd) await runCommand("systemctl", ["start", "docker"], 120_000);
  else {
    // O_NOFOLLOW: root never writes through a link someone else planted at the log's path.
    const log = openSync(
      DOCKERD_LOG,
      constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW,
      0o640,
    );
    spawn(dockerd, [], { detached: true, stdio: ["ignore", log, log] }).unref();
  }
  const deadline = Date.now() + START_WAIT_MS;
  for (;;) {
    const state = await engineState();
    if (state.kind === "answers" || Date.now() > deadline) return state;
    await sleep(1000);
  }
}
