import { runCommand } from "../../core/exec-file.js";
import { findTool } from "../../core/find-tool.js";
import { ownerIsAlive } from "../../core/owner-file.js";
import { runTempDir } from "../../core/run-id.js";
import { dockerAnswers, RUN_LABEL, removeContainers, removeNetwork } from "./docker-cli.js";

interface Labelled {
  readonly name: string;
  readonly run: string;
}

async function listLabelled(kind: "ps" | "network"): Promise<Labelled[]> {
  const args =
    kind === "ps"
      ? ["ps", "-a", "--filter", `label=${RUN_LABEL}`, "--format", `{{.Names}} {{.Label "${RUN_LABEL}"}}`]
      : [
          "network",
          "ls",
          "--filter",
          `label=${RUN_LABEL}`,
          "--format",
          `{{.Name}} {{.Label "${RUN_LABEL}"}}`,
        ];
  const { stdout } = await runCommand("docker", args, 30_000);
  return stdout
    .split("\n")
    .map((line) => line.trim().split(" "))
    .filter((parts) => parts.length === 2)
    .map(([name, run]) => ({ name: name ?? "", run: run ?? "" }));
}

/**
 * Containers and networks of dead runs, found by the portlab.run label. A run whose portlab process still
 * runs (its owner file in the run's temp dir) is left alone; `docker rm -f` returns once a container stopped.
 */
export async function cleanDockerLeftovers(): Promise<{ removed: string[]; live: string[] }> {
  const removed: string[] = [];
  const live = new Set<string>();
  if (!findTool("docker") || !(await dockerAnswers())) return { removed, live: [] };
  const containers = await listLabelled("ps");
  const networks = await listLabelled("network");
  const dead = (run: string) => {
    // The capability probe's throwaway containers carry run=probe and never outlive their command.
    const alive = run !== "probe" && ownerIsAlive(runTempDir(run));
    if (alive) live.add(run);
    return !alive;
  };
  const doomed = containers.filter((container) => dead(container.run));
  await removeContainers(doomed.map((container) => container.name));
  removed.push(...doomed.map((container) => `container ${container.name}`));
  for (const network of networks.filter((entry) => dead(entry.run))) {
    await removeNetwork(network.name);
    removed.push(`network ${network.name}`);
  }
  return { removed, live: [...live] };
}
