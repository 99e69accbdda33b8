import { copyFile } from "node:fs/promises";
import { join } from "node:path";
import { requireRoot } from "../cli/require-root.js";
import { invalidInput } from "../errors.js";
import { readSysctls } from "../sandbox/host-sysctls.js";
import { createNetnsSandbox } from "../sandbox/netns-driver.js";
import { TeardownStack } from "../sandbox/teardown-stack.js";
import { startCommandServer } from "../server/command-server.js";
import { startNginx, stopNginxByPidFile } from "../server/nginx.js";
import { waitForServer } from "../server/readiness.js";
import { requireNginx } from "../server/require-nginx.js";
import { describeServer, type ServerLaunch } from "../server/server-launch.js";
import type { Driver, Host, RunningServer, Topology } from "./types.js";

/** Hosts are network namespaces on one veth link (or one namespace over loopback); needs root. */
export const netnsDriver: Driver = {
  name: "netns",

  async preflight(needs) {
    requireRoot();
    if (needs.server.program.kind === "nginx") requireNginx(needs.nginxBinary ?? "nginx");
  },

  async probeDefaults(names) {
    const teardown = new TeardownStack();
    try {
      const probe = await createNetnsSandbox(
        { subnet: "198.18.0.0/24", clientAddresses: 1, topology: "loopback" },
        teardown,
      );
      return new Map(Object.entries(await readSysctls(probe.client, names)));
    } finally {
      await teardown.drain();
    }
  },

  async create(spec, teardown): Promise<Topology> {
    const sandbox = await createNetnsSandbox(
      { subnet: spec.subnet, clientAddresses: spec.clientAddresses, topology: spec.shape },
      teardown,
    );
    const { client, server, tempDir } = sandbox;
    const hosts: Host[] = [client, server];
    return {
      id: sandbox.id,
      tempDir,
      hosts,
      clients: [client],
      server,
      startServer: (launch, serverTeardown) =>
        launch.spec.program.kind === "command"
          ? startProgram(launch, serverTeardown, server, client, tempDir)
          : startNetnsNginx(launch, serverTeardown, server, tempDir),
    };
  },
};

async function startNetnsNginx(
  launch: ServerLaunch,
  teardown: TeardownStack,
  server: Host & { wrap: (file: string, args: readonly string[]) => { file: string; args: string[] } },
  tempDir: string,
): Promise<RunningServer> {
  const { spec } = launch;
  if (spec.program.kind !== "nginx")
    throw invalidInput(
      "DRIVER_SERVER",
      "server.image needs sandbox.driver: docker",
      "use server.command under netns",
    );
  const binary = launch.nginxBinary ?? "nginx";
  const address = server.addresses[0] ?? "127.0.0.1";
  teardown.push("stop nginx", () => stopNginxByPidFile(tempDir));
  const nginx = await startNginx({
    tempDir,
    listenAddress: address,
    ports: launch.ports,
    workers: spec.workers,
    keepaliveTimeoutS: spec.keepaliveTimeoutS,
    keepaliveRequests: spec.keepaliveRequests,
    backlog: spec.backlog,
    bodyBytes: spec.bodyBytes,
    wrap: server.wrap,
    nginxBinary: binary,
  });
  return {
    description: `nginx (pid ${nginx.pid})`,
    address,
    ports: launch.ports,
    collectLogs: (directory, run) =>
      copyFile(nginx.errorLogPath, join(directory, `nginx-error-${run}.log`)).catch(() => undefined),
  };
}

async function startProgram(
  launch: ServerLaunch,
  teardown: TeardownStack,
  server: Host,
  client: Host,
  tempDir: string,
): Promise<RunningServer> {
  const { spec } = launch;
  if (spec.program.kind !== "command") throw new Error("startProgram needs a command server");
  let running: Awaited<ReturnType<typeof startCommandServer>> | null = null;
  teardown.push("stop the server command", () => running?.stop());
  running = await startCommandServer(server, spec.program.argv, spec.program.env, spec.port, tempDir);
  const address = server.addresses[0] ?? "127.0.0.1";
  const started = running;
  await waitForServer(
    client,
    address,
    launch.ports,
    spec.readyTimeoutMs,
    describeServer(spec),
    started.logTail,
  );
  return {
    description: `${describeServer(spec)} (pid ${started.pid})`,
    address,
    ports: launch.ports,
    collectLogs: started.collectLogs,
  };
}
