import { spawn } from "node:child_process";
import type { ImageProgram, ImageProgramEnd } from "../../core/host.js";
import type { RunRecord } from "../../core/run-record.js";
import type { TeardownStack } from "../../core/teardown-stack.js";
import { docker, RUN_LABEL, removeContainers } from "./docker-cli.js";

/** The account an image whose USER is root runs as, unless the scenario says `user: root`. */
const NOBODY = "65534:65534";

export interface ClientImageContext {
  readonly id: string;
  /** The client host's container, whose network namespace the program's container joins. */
  readonly hostContainer: string;
  readonly record: RunRecord;
  /** The run's teardown: the program's container goes with the hosts. */
  readonly teardown: TeardownStack;
}

/** USER of an image: empty, root and uid 0 are root. */
function isRootUser(user: string): boolean {
  const name = user.split(":")[0] ?? "";
  return name === "" || name === "root" || name === "0";
}

/** `--user` for the program: root only when told; else the image's own USER, or nobody when that is root. */
async function userFlags(image: string, user: ImageProgram["user"]): Promise<string[]> {
  if (user === "root") return ["--user", "0:0"];
  const { stdout } = await docker(["image", "inspect", "--format", "{{.Config.User}}", image]);
  return isRootUser(stdout.trim()) ? ["--user", NOBODY] : [];
}

/**
 * The user's client image as the client host's program: a container of it that joins the client host's network
 * namespace (its sockets are the host's, sampled by the agent beside it; its parameters are the host's
 * --sysctl), started when the load starts. The program is the container's own process (no shell, nothing of
 * portlab's in the image): its output is the container's, its exit code the container's. The bound sends it
 * SIGTERM, then SIGKILL after the grace, like a command client's process group under netns.
 */
export async function runClientImage(
  context: ClientImageContext,
  program: ImageProgram,
  onOutput: (bytes: Buffer) => void,
  stop: AbortSignal,
): Promise<ImageProgramEnd> {
  const { id, hostContainer, record, teardown } = context;
  const container = `portlab-${id}-program`;
  record.note({ driver: "docker", kind: "container", name: container });
  teardown.push(`remove container ${container}`, () => removeContainers([container]));
  const [entrypoint, ...args] = program.argv;
  const env = Object.entries(program.env).flatMap(([name, value]) => ["--env", `${name}=${value}`]);
  await docker([
    "create",
    "--name",
    container,
    "--label",
    `${RUN_LABEL}=${id}`,
    "--network",
    `container:${hostContainer}`,
    // It needs no capability to connect(); root is kept whole only when the scenario says so.
    ...(program.user === "root" ? [] : ["--cap-drop", "ALL"]),
    ...(await userFlags(program.image, program.user)),
    ...env,
    ...(entrypoint === undefined ? [] : ["--entrypoint", entrypoint]),
    program.image,
    ...args,
  ]);
  const startEpochMs = Date.now();
  // `start -a` streams the container's stdout and stderr and exits with its exit code.
  const attached = spawn("docker", ["start", "-a", container], { stdio: ["ignore", "pipe", "pipe"] });
  attached.stdout.on("data", (chunk: Buffer) => onOutput(chunk));
  const startErrors: Buffer[] = [];
  attached.stderr.on("data", (chunk: Buffer) => {
    startErrors.push(chunk);
    onOutput(chunk);
  });
  const exited = new Promise<void>((resolve) => attached.once("close", () => resolve()));

  let stoppedBy: ImageProgramEnd["stoppedBy"] = null;
  let stopSignal: ImageProgramEnd["stopSignal"] = null;
  let killTimer: NodeJS.Timeout | undefined;
  let gone = false;
  const kill = (signal: "TERM" | "KILL") =>
    docker(["kill", "--signal", signal, container], 10_000).catch(() => undefined);
  const end = (why: "bound" | "interrupt") => {
    if (gone || stoppedBy !== null) return;
    stoppedBy = why;
    stopSignal = "SIGTERM";
    void kill("TERM");
    killTimer = setTimeout(() => {
      if (gone) return;
      stopSignal = "SIGKILL";
      void kill("KILL");
    }, program.graceMs);
  };
  const boundTimer = setTimeout(() => end("bound"), program.durationMs);
  const onStop = () => end("interrupt");
  if (stop.aborted) onStop();
  else stop.addEventListener("abort", onStop, { once: true });
  await exited;
  gone = true;
  const exitedAtMs = Date.now() - startEpochMs;
  clearTimeout(boundTimer);
  clearTimeout(killTimer);
  stop.removeEventListener("abort", onStop);

  const { stdout } = await docker([
    "inspect",
    "--format",
    "{{.State.ExitCode}} {{.State.StartedAt}} {{.State.Error}}",
    container,
  ]);
  const [code, startedAt, ...error] = stdout.trim().split(" ");
  const exitCode = Number(code);
  // The engine refused to start it (no such program in the image, …): it never ran.
  if (error.join(" ") !== "" || startedAt?.startsWith("0001-"))
    return {
      startError: `the image ${program.image} did not start: ${error.join(" ") || Buffer.concat(startErrors).toString().trim()}`,
      exitCode: null,
      signal: null,
      exitedAtMs: 0,
      stoppedBy: null,
      stopSignal: null,
    };
  // The container's code for a process ended by a signal is 128 + its number: SIGKILL is portlab's own.
  const killed = stopSignal === "SIGKILL" && exitCode === 137;
  return {
    startError: null,
    exitCode: killed ? null : exitCode,
    signal: killed ? "SIGKILL" : null,
    exitedAtMs,
    stoppedBy,
    stopSignal,
  };
}
