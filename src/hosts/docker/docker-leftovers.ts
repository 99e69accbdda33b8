import { runCommand } from "../../core/exec-file.js";
import { findTool } from "../../core/find-tool.js";
import type { CleanReport, CleanRequest } from "../driver.js";
import { dockerAnswers, RUN_LABEL, removeContainers, removeNetwork } from "./docker-cli.js";

async function names(kind: "ps" | "network", filter: string[]): Promise<string[]> {
  const args =
    kind === "ps"
      ? ["ps", "-a", ...filter, "--format", "{{.Names}}"]
      : ["network", "ls", ...filter, "--format", "{{.Name}}"];
  const { stdout } = await runCommand("docker", args, 30_000);
  return stdout
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

const reason = (error: unknown): string =>
  ((error as { stderr?: string }).stderr || (error as Error).message).trim();

/**
 * Removes the containers and networks dead docker runs recorded (`docker rm -f` returns once a container
 * stopped). Containers and networks that carry a `portlab.run` label but no record names are listed, never removed.
 */
export async function cleanDockerLeftovers({ dead, recorded }: CleanRequest): Promise<CleanReport> {
  const removed: string[] = [];
  const failed: string[] = [];
  const wanted = dead.flatMap((run) => run.resources.filter((resource) => resource.driver === "docker"));
  if (!findTool("docker") || !(await dockerAnswers())) {
    const unreachable = wanted.map(
      (resource) => `${resource.kind} ${resource.name}: no Docker engine answers`,
    );
    return { removed, failed: unreachable, unrecorded: [] };
  }
  const containers = new Set(await names("ps", []));
  const networks = new Set(await names("network", []));
  for (const resource of wanted.filter((one) => one.kind === "container" && containers.has(one.name))) {
    await removeContainers([resource.name]).then(
      () => removed.push(`container ${resource.name}`),
      (error: unknown) => failed.push(`container ${resource.name}: ${reason(error)}`),
    );
  }
  for (const resource of wanted.filter((one) => one.kind === "network" && networks.has(one.name))) {
    await removeNetwork(resource.name).then(
      () => removed.push(`network ${resource.name}`),
      (error: unknown) => failed.push(`network ${resource.name}: ${reason(error)}`),
    );
  }
  const label = ["--filter", `label=${RUN_LABEL}`];
  const unrecorded = [
    ...(await names("ps", label))
      .filter((name) => !recorded.has(name))
      .map((name) => `container ${name} (remove it with: docker rm -f ${name})`),
    ...(await names("network", label))
      .filter((name) => !recorded.has(name))
      .map((name) => `network ${name} (remove it with: docker network rm ${name})`),
  ];
  return { removed, failed, unrecorded };
}
