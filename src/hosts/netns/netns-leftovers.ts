import { runCommand } from "../../core/exec-file.js";
import { NAME_PREFIX } from "../../core/run-id.js";
import { stopNginxByPidFile } from "../../server/nginx.js";
import type { CleanReport, CleanRequest } from "../driver.js";
import { isPortlabLink, sandboxIdOf } from "./names.js";
import { removeNamespace } from "./namespaces.js";

async function namespaces(): Promise<string[]> {
  const { stdout } = await runCommand("ip", ["netns", "list"]);
  return stdout
    .split("\n")
    .map((line) => line.split(" ")[0] ?? "")
    .filter(Boolean);
}

async function hostLinks(): Promise<string[]> {
  const { stdout } = await runCommand("ip", ["-o", "link", "show", "type", "veth"]);
  return stdout
    .split("\n")
    .map((line) => line.split(": ")[1]?.split("@")[0] ?? "")
    .filter(Boolean);
}

const reason = (error: unknown): string =>
  ((error as { stderr?: string }).stderr || (error as Error).message).trim();

/**
 * Removes what dead netns runs recorded: their nginx (by the pid file in the run's directory), namespaces (with any
 * process inside: a capture's tcpdump dies with its namespace) and any end of their links left in this namespace.
 * Returns once every process it stopped has exited. Namespaces and links named like portlab's that no record
 * names are listed, never removed.
 */
export async function cleanNetnsLeftovers({ dead, recorded }: CleanRequest): Promise<CleanReport> {
  const removed: string[] = [];
  const failed: string[] = [];
  const present = new Set(await namespaces());
  const links = new Set(await hostLinks());
  for (const run of dead) {
    await stopNginxByPidFile(run.dir).catch(() => undefined);
    for (const resource of run.resources.filter((one) => one.driver === "netns")) {
      const what = `${resource.kind} ${resource.name}`;
      if (resource.kind === "namespace" && present.has(resource.name)) {
        await removeNamespace(resource.name).then(
          () => removed.push(what),
          (error: unknown) => failed.push(`${what}: ${reason(error)}`),
        );
      } else if (resource.kind === "link" && links.has(resource.name)) {
        await runCommand("ip", ["link", "del", resource.name]).then(
          () => removed.push(what),
          (error: unknown) => failed.push(`${what}: ${reason(error)}`),
        );
      }
    }
  }
  const unrecorded = [
    ...[...present]
      .filter((name) => name.startsWith(NAME_PREFIX) && sandboxIdOf(name) !== null && !recorded.has(name))
      .map((name) => `namespace ${name} (remove it with: ip netns del ${name})`),
    ...[...links]
      .filter((name) => isPortlabLink(name) && !recorded.has(name))
      .map((name) => `link ${name} (remove it with: ip link del ${name})`),
  ];
  return { removed, failed, unrecorded };
}
