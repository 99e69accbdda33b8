import { execFileSync } from "node:child_process";
import { RUN_LABEL } from "../../src/hosts/docker/docker-cli.js";

/** Containers and networks carrying portlab's run label (of any run, or of the given ids). */
export function portlabDockerObjects(runIds?: readonly string[]): string[] {
  const list = (args: string[]) =>
    execFileSync("docker", args, { encoding: "utf8" })
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
  const format = `{{.Names}} {{.Label "${RUN_LABEL}"}}`;
  const containers = list(["ps", "-a", "--filter", `label=${RUN_LABEL}`, "--format", format]).map(
    (line) => `container ${line}`,
  );
  const networks = list([
    "network",
    "ls",
    "--filter",
    `label=${RUN_LABEL}`,
    "--format",
    `{{.Name}} {{.Label "${RUN_LABEL}"}}`,
  ]).map((line) => `network ${line}`);
  const all = [...containers, ...networks];
  return runIds === undefined ? all : all.filter((line) => runIds.some((id) => line.endsWith(` ${id}`)));
}
