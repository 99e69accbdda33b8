import { hostname } from "node:os";
import { environmentError } from "../../core/errors.js";
import { CommandFailedError, type CommandResult, runCommand } from "../../core/exec-file.js";
import { dockerErrors } from "./docker-errors.js";

/** Every container and network portlab makes carries this label with the run id; `portlab clean` finds them by it. */
export const RUN_LABEL = "portlab.run";

/** Runs the Docker CLI (argument array, never a shell); a failure is an environment error naming the command. */
export async function docker(args: readonly string[], timeoutMs = 60_000): Promise<CommandResult> {
  try {
    return await runCommand("docker", args, timeoutMs);
  } catch (error) {
    if (error instanceof CommandFailedError)
      throw dockerErrors.environment(
        "DOCKER",
        `docker ${args.slice(0, 2).join(" ")} failed: ${error.stderr.trim()}`,
        "check the Docker engine (portlab doctor)",
        error,
      );
    throw error;
  }
}

/** True when a Docker engine answers this CLI. */
export async function dockerAnswers(): Promise<boolean> {
  return runCommand("docker", ["version", "--format", "{{.Server.Version}}"], 10_000).then(
    () => true,
    () => false,
  );
}

/**
 * True when the engine runs on this machine (its host name is ours), so its bridges live in our network
 * namespace; false for a remote engine or one in a VM (Docker Desktop).
 */
export async function engineRunsHere(): Promise<boolean> {
  const info = await runCommand("docker", ["info", "--format", "{{.Name}}"], 10_000).catch(() => null);
  return info?.stdout.trim() === hostname();
}

/** Removes containers (killing what runs in them; `rm -f` returns once they have stopped); absent ones are fine. */
export async function removeContainers(names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await runCommand("docker", ["rm", "-f", "-v", ...names], 60_000).catch((error: unknown) => {
    if (!(error instanceof CommandFailedError && /No such container/i.test(error.stderr))) throw error;
  });
}

export async function removeNetwork(name: string): Promise<void> {
  await runCommand("docker", ["network", "rm", name], 30_000).catch((error: unknown) => {
    if (!(error instanceof CommandFailedError && /not found|No such network/i.test(error.stderr)))
      throw error;
  });
}
