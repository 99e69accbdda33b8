import { execFileSync } from "node:child_process";
import { RUN_LABEL } from "../../src/hosts/docker/docker-cli.js";
import { findTool } from "../../src/sandbox/find-tool.js";

function engineAnswers(): boolean {
  try {
    execFileSync("docker", ["version", "--format", "{{.Server.Version}}"], {
      stdio: "ignore",
      timeout: 10_000,
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Docker tests need root (for the netns comparison), a Docker engine and portlab's images (the driver builds
 * them on first use; .ci/run builds them up front). Outside CI they skip with a visible reason; under CI=true a
 * missing engine fails the run instead of hiding it.
 */
export function dockerTestsEnabled(): boolean {
  const missing =
    process.getuid?.() !== 0
      ? "not root"
      : !findTool("docker")
        ? "no docker CLI (apt-get install docker.io)"
        : !engineAnswers()
          ? "no Docker engine answers (start dockerd)"
          : null;
  if (missing === null) return true;
  if (process.env.CI === "true") throw new Error(`Docker tests cannot run under CI: ${missing}`);
  console.warn(`skipping Docker tests: ${missing}`);
  return false;
}

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
