import { mkdir, rm } from "node:fs/promises";
import { environmentError } from "../errors.js";
import { STOP_STEPS_MS, sendSignal, waitUntilGone } from "../server/process-control.js";
import { namespaceName, newSandboxId, sandboxTempDir, vethName } from "./names.js";
import { writeOwnerFile } from "./owner-file.js";
import { CommandFailedError, runCommand } from "./run-command.js";
import { namespaceHost, type Sandbox } from "./sandbox.js";
import { planSubnet } from "./subnet.js";
import type { TeardownStack } from "./teardown-stack.js";

export interface NetnsSandboxOptions {
  readonly subnet: string;
  /** Source addresses of the client host (horizontal scaling inside one sandbox). */
  readonly clientAddresses: number;
  /** `loopback`: one namespace, client and server over 127.0.0.1. */
  readonly topology: "veth" | "loopback";
}

async function ip(args: string[]): Promise<void> {
  try {
    await runCommand("ip", args);
  } catch (error) {
    if (error instanceof CommandFailedError) {
      throw environmentError(
        "SANDBOX",
        `ip ${args.join(" ")}: ${error.stderr.trim()}`,
        "run as root (sudo)",
        error,
      );
    }
    throw error;
  }
}

/** Kills whatever still runs in the namespace, then removes it; absent namespaces are fine. */
export async function removeNamespace(netns: string): Promise<void> {
  const pids = await runCommand("ip", ["netns", "pids", netns]).then(
    (result) => result.stdout.split(/\s+/).filter(Boolean).map(Number),
    () => [],
  );
  for (const pid of pids) sendSignal(pid, "SIGKILL");
  // Returns only once they are gone: a killed run's nginx must not outlive `portlab clean`.
  for (const pid of pids) await waitUntilGone(pid, STOP_STEPS_MS.kill);
  await runCommand("ip", ["netns", "del", netns]).catch((error: unknown) => {
    if (!(error instanceof CommandFailedError && /No such file/.test(error.stderr))) throw error;
  });
}

/** Creates the hosts; every piece is registered on `teardown` before it exists. */
export async function createNetnsSandbox(
  options: NetnsSandboxOptions,
  teardown: TeardownStack,
): Promise<Sandbox> {
  const id = newSandboxId();
  const tempDir = sandboxTempDir(id);
  teardown.push(`remove ${tempDir}`, () => rm(tempDir, { recursive: true, force: true }));
  await mkdir(tempDir, { mode: 0o700 });
  await writeOwnerFile(tempDir);

  const clientNs = namespaceName(id, "client");
  teardown.push(`remove namespace ${clientNs}`, () => removeNamespace(clientNs));
  await ip(["netns", "add", clientNs]);
  await ip(["-n", clientNs, "link", "set", "lo", "up"]);

  if (options.topology === "loopback") {
    const addresses = Array.from({ length: options.clientAddresses }, (_, index) => `127.0.0.${index + 2}`);
    return {
      id,
      tempDir,
      client: namespaceHost("client", clientNs, addresses),
      server: namespaceHost("server", clientNs, ["127.0.0.1"]),
    };
  }

  const plan = planSubnet(options.subnet, options.clientAddresses);
  const serverNs = namespaceName(id, "server");
  teardown.push(`remove namespace ${serverNs}`, () => removeNamespace(serverNs));
  await ip(["netns", "add", serverNs]);
  await ip(["-n", serverNs, "link", "set", "lo", "up"]);

  // Created with both ends already inside the namespaces, so no veth ever exists in the host namespace.
  const clientLink = vethName(id, "client");
  const serverLink = vethName(id, "server");
  await ip([
    "link",
    "add",
    clientLink,
    "netns",
    clientNs,
    "type",
    "veth",
    "peer",
    "name",
    serverLink,
    "netns",
    serverNs,
  ]);
  for (const address of plan.clients) {
    await ip(["-n", clientNs, "addr", "add", `${address}/${plan.prefixLength}`, "dev", clientLink]);
  }
  await ip(["-n", serverNs, "addr", "add", `${plan.server}/${plan.prefixLength}`, "dev", serverLink]);
  await ip(["-n", clientNs, "link", "set", clientLink, "up"]);
  await ip(["-n", serverNs, "link", "set", serverLink, "up"]);

  return {
    id,
    tempDir,
    client: namespaceHost("client", clientNs, plan.clients),
    server: namespaceHost("server", serverNs, [plan.server]),
  };
}
