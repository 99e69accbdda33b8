import { environmentError } from "../../core/errors.js";
import { CommandFailedError, runCommand } from "../../core/exec-file.js";
import { inContainer, SOCKET_MOUNT } from "../../core/in-container.js";
import { type RunRecord, startRunRecord } from "../../core/run-record.js";
import { planSubnet } from "../../core/subnet.js";
import type { TeardownStack } from "../../core/teardown-stack.js";
import { STOP_STEPS_MS, sendSignal, waitUntilGone } from "../../server/process-control.js";
import { namespaceName, vethName } from "./names.js";
import { namespaceHost, type Sandbox } from "./namespace-host.js";
import { netnsErrors } from "./netns-errors.js";

export interface NetnsSandboxOptions {
  readonly subnet: string;
  /** Source addresses of the client host (horizontal scaling inside one sandbox). */
  readonly clientAddresses: number;
  /** `loopback`: one namespace, client and server over 127.0.0.1. */
  readonly topology: "veth" | "loopback";
}

/** `ip ARGS`; a failure is an environment error (most likely: not root). */
export async function ip(args: string[]): Promise<void> {
  try {
    await runCommand("ip", args);
  } catch (error) {
    if (error instanceof CommandFailedError) {
      throw netnsErrors.environment(
        "SANDBOX",
        `ip ${args.join(" ")}: ${error.stderr.trim()}`,
        inContainer()
          ? `give the container the capabilities (docker run --cap-add NET_ADMIN --cap-add SYS_ADMIN), or drive the engine instead: ${SOCKET_MOUNT} … --driver docker`
          : "run as root (sudo)",
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

/** A new sandbox: its id and record (run-record.ts), whose directory is the sandbox's own (`tempDir`). */
export async function startSandbox(
  teardown: TeardownStack,
): Promise<{ id: string; tempDir: string; record: RunRecord }> {
  const record = await startRunRecord(teardown);
  return { id: record.runId, tempDir: record.dir, record };
}

/** A network namespace with loopback up; its removal is registered before it exists. */
export async function addNamespace(netns: string, teardown: TeardownStack, record: RunRecord): Promise<void> {
  record.note({ driver: "netns", kind: "namespace", name: netns });
  teardown.push(`remove namespace ${netns}`, () => removeNamespace(netns));
  await ip(["netns", "add", netns]);
  await ip(["-n", netns, "link", "set", "lo", "up"]);
}

/**
 * A veth pair created with both ends already inside their namespaces, so no end ever exists in the host's (both
 * names are recorded anyway: an `ip` killed halfway is not trusted to have done it all or nothing).
 */
export async function addVethPair(
  end: { readonly name: string; readonly netns: string },
  peer: { readonly name: string; readonly netns: string },
  record: RunRecord,
): Promise<void> {
  for (const link of [end, peer]) record.note({ driver: "netns", kind: "link", name: link.name });
  await ip([
    "link",
    "add",
    end.name,
    "netns",
    end.netns,
    "type",
    "veth",
    "peer",
    "name",
    peer.name,
    "netns",
    peer.netns,
  ]);
}

/** Creates the hosts; every piece is registered on `teardown` before it exists. */
export async function createNetnsSandbox(
  options: NetnsSandboxOptions,
  teardown: TeardownStack,
): Promise<Sandbox> {
  const { id, tempDir, record } = await startSandbox(teardown);
  const clientNs = namespaceName(id, "client");
  await addNamespace(clientNs, teardown, record);

  if (options.topology === "loopback") {
    const addresses = Array.from({ length: options.clientAddresses }, (_, index) => `127.0.0.${index + 2}`);
    return {
      id,
      tempDir,
      client: namespaceHost("client", clientNs, addresses, "client", "lo", tempDir),
      server: namespaceHost("server", clientNs, ["127.0.0.1"], "server", "lo", tempDir),
    };
  }

  const plan = planSubnet(options.subnet, options.clientAddresses);
  const serverNs = namespaceName(id, "server");
  await addNamespace(serverNs, teardown, record);
  const clientLink = vethName(id, "client");
  const serverLink = vethName(id, "server");
  await addVethPair({ name: clientLink, netns: clientNs }, { name: serverLink, netns: serverNs }, record);
  for (const address of plan.clients) {
    await ip(["-n", clientNs, "addr", "add", `${address}/${plan.prefixLength}`, "dev", clientLink]);
  }
  await ip(["-n", serverNs, "addr", "add", `${plan.server}/${plan.prefixLength}`, "dev", serverLink]);
  await ip(["-n", clientNs, "link", "set", clientLink, "up"]);
  await ip(["-n", serverNs, "link", "set", serverLink, "up"]);

  return {
    id,
    tempDir,
    client: namespaceHost("client", clientNs, plan.clients, "client", clientLink, tempDir),
    server: namespaceHost("server", serverNs, [plan.server], "server", serverLink, tempDir),
  };
}
