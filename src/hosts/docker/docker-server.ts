import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { invalidInput } from "../../core/errors.js";
import { replaceFile } from "../../core/fresh-file.js";
import type { Host, RunningServer, ServerLaunch } from "../../core/host.js";
import type { RunRecord } from "../../core/run-record.js";
import type { TeardownStack } from "../../core/teardown-stack.js";
import { describeServer } from "../../server/describe-server.js";
import { nginxPaths, nginxTuning, readNginxTemplate, renderNginxConfig } from "../../server/nginx-config.js";
import { waitForServer } from "../../server/readiness.js";
import { docker, RUN_LABEL, removeContainers } from "./docker-cli.js";
import { IMAGE_NGINX_PREFIX, NGINX_IMAGE } from "./images.js";

export interface ContainerServerOptions {
  readonly id: string;
  readonly launch: ServerLaunch;
  readonly teardown: TeardownStack;
  /** The server host's container, whose network namespace the server joins. */
  readonly serverContainer: string;
  readonly server: Host;
  readonly client: Host;
  readonly tempDir: string;
  readonly record: RunRecord;
}

const LOG_TAIL_LINES = "40";

/**
 * The server as a container in the server host's network namespace: portlab's nginx image with the same
 * rendered config as the netns driver (copied in with `docker cp`, no bind mount, so a remote engine or
 * Docker Desktop works too), or the user's own image. Ready once a TCP connect from the client host succeeds.
 */
export async function startContainerServer(options: ContainerServerOptions): Promise<RunningServer> {
  const { id, launch, teardown, serverContainer, server, client, tempDir, record } = options;
  const { spec } = launch;
  const program = spec.program;
  // The engine never asks for a server the driver does not declare (engine/driver-fit.ts).
  if (program.kind === "command") throw new Error("the docker driver runs no server.command");
  const address = server.addresses[0] ?? "127.0.0.1";
  const container = `portlab-${id}-app`;
  record.note({ driver: "docker", kind: "container", name: container });
  teardown.push(`remove container ${container}`, () => removeContainers([container]));
  const common = [
    "--name",
    container,
    "--label",
    `${RUN_LABEL}=${id}`,
    "--network",
    `container:${serverContainer}`,
  ];

  if (program.kind === "nginx") {
    await docker(["create", ...common, NGINX_IMAGE]);
    const config = renderNginxConfig(readNginxTemplate(), {
      prefix: IMAGE_NGINX_PREFIX,
      listenAddress: address,
      ports: launch.ports,
      ...nginxTuning(spec),
    });
    const local = join(tempDir, "nginx.conf");
    await writeFile(local, config);
    await docker(["cp", local, `${container}:${nginxPaths(IMAGE_NGINX_PREFIX).config}`]);
    await docker(["start", container]);
  } else {
    const env = Object.entries(program.env).flatMap(([name, value]) => ["--env", `${name}=${value}`]);
    await docker(["run", "-d", ...common, ...env, "--env", `PORT=${spec.port}`, program.image]);
  }

  const logTail = () => containerLogs(container, program.kind === "nginx", tempDir);
  await waitForServer(client, address, launch.ports, spec.readyTimeoutMs, describeServer(spec), logTail);
  return {
    description: `${describeServer(spec)} in container ${container}`,
    address,
    ports: launch.ports,
    async collectLogs(directory, run) {
      const text = await logTail().catch(() => "");
      const name = program.kind === "nginx" ? `nginx-error-${run}.log` : `server-${run}.log`;
      await replaceFile(join(directory, name), text).catch(() => undefined);
    },
  };
}

/** The container's output, and nginx's error log (copied out: it works on a stopped container too). */
async function containerLogs(container: string, isNginx: boolean, tempDir: string): Promise<string> {
  const { stdout, stderr } = await docker(["logs", "--tail", LOG_TAIL_LINES, container]).catch(() => ({
    stdout: "",
    stderr: "",
  }));
  let errorLog = "";
  if (isNginx) {
    const local = join(tempDir, "error.log");
    await docker(["cp", `${container}:${nginxPaths(IMAGE_NGINX_PREFIX).errorLog}`, local]).catch(
      () => undefined,
    );
    errorLog = await readFile(local, "utf8").catch(() => "");
  }
  return `${stdout}${stderr}${errorLog}`.slice(-4_000);
}
