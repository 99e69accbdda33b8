import { readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand } from "../../core/exec-file.js";
import { ownerIsAlive } from "../../core/owner-file.js";
import { NAME_PREFIX, runTempDir } from "../../core/run-id.js";
import { stopNginxByPidFile } from "../../server/nginx.js";
import type { CleanReport } from "../driver.js";
import { isPortlabLink, sandboxIdOf } from "./names.js";
import { removeNamespace } from "./namespaces.js";

async function portlabNamespaces(): Promise<string[]> {
  const { stdout } = await runCommand("ip", ["netns", "list"]);
  return stdout
    .split("\n")
    .map((line) => line.split(" ")[0] ?? "")
    .filter((name) => name.startsWith(NAME_PREFIX) && sandboxIdOf(name) !== null);
}

async function portlabHostLinks(): Promise<string[]> {
  const { stdout } = await runCommand("ip", ["-o", "link", "show", "type", "veth"]);
  return stdout
    .split("\n")
    .map((line) => line.split(": ")[1]?.split("@")[0] ?? "")
    .filter(isPortlabLink);
}

async function portlabTempDirs(): Promise<string[]> {
  const entries = await readdir(tmpdir()).catch(() => []);
  return entries.filter((name) => name.startsWith(NAME_PREFIX) && sandboxIdOf(name) !== null);
}

/**
 * Removes what killed runs of the netns driver left: their nginx, namespaces (client, server, a NAT router and the
 * client hosts behind it, with any process inside: a capture's tcpdump dies with its namespace), host-side veths
 * and temp dirs, found by portlab's name prefix. A run whose owning portlab process is alive is left alone.
 * Returns once every process it stopped has exited.
 */
export async function cleanNetnsLeftovers(): Promise<CleanReport> {
  const namespaces = await portlabNamespaces();
  const links = await portlabHostLinks();
  const tempDirs = await portlabTempDirs();
  const ids = new Set([...namespaces, ...links, ...tempDirs].map((name) => sandboxIdOf(name) as string));
  const removed: string[] = [];
  const live: string[] = [];
  for (const id of ids) {
    const dir = runTempDir(id);
    if (ownerIsAlive(dir)) {
      live.push(id);
      continue;
    }
    await stopNginxByPidFile(dir).catch(() => undefined);
    for (const netns of namespaces.filter((name) => sandboxIdOf(name) === id)) {
      await removeNamespace(netns);
      removed.push(`namespace ${netns}`);
    }
    for (const link of links.filter((name) => sandboxIdOf(name) === id)) {
      await runCommand("ip", ["link", "del", link]).catch(() => undefined);
      removed.push(`link ${link}`);
    }
    if (tempDirs.includes(`${NAME_PREFIX}${id}`)) {
      await rm(join(tmpdir(), `${NAME_PREFIX}${id}`), { recursive: true, force: true });
      removed.push(`directory ${dir}`);
    }
  }
  return { removed, live };
}
