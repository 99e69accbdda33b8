import { join } from "node:path";
import { environmentError, invalidInput } from "../../core/errors.js";
import { findTool } from "../../core/find-tool.js";
import { copyFresh } from "../../core/fresh-file.js";
import type { Host, NatHostsSpec, RunningServer, ServerLaunch, Topology } from "../../core/host.js";
import { requireRoot } from "../../core/require-root.js";
import { TeardownStack } from "../../core/teardown-stack.js";
import { startCommandServer } from "../../server/command-server.js";
import { describeServer } from "../../server/describe-server.js";
import { startNginx, stopNginxByPidFile } from "../../server/nginx.js";
import { nginxTuning } from "../../server/nginx-config.js";
import { waitForServer } from "../../server/readiness.js";
import { requireNginx } from "../../server/require-nginx.js";
import type { Driver } from "../driver.js";
import { readSysctls } from "../host-sysctls.js";
import { createNetnsSandbox } from "./namespaces.js";
import { createNatSandbox } from "./nat-topology.js";
import { netnsChecks } from "./netns-doctor.js";
import { netnsErrors } from "./netns-errors.js";
import { cleanNetnsLeftovers } from "./netns-leftovers.js";

/** A tool a scenario needs beyond ip and nginx: missing is an environment error before anything starts. */
function requireTool(tool: string, purpose: string, install: string): void {
  if (findTool(tool) === null)
    throw environmentError("MISSING_TOOL", `${tool} is not installed (${purpose})`, `install it: ${install}`);
}

/**
 * Hosts are network namespaces on one veth link, one namespace over loopback, or client namespaces behind a router
 * namespace (NAT); needs root.
 */
export const netnsDriver: Driver = {
  name: "netns",
  description: "network namespaces on one veth link; needs root",
  topologies: ["veth", "loopback", "nat"],
  servers: ["nginx", "command"],
  clientImages: false,
  needsRoot: true,
  errorCodes: netnsErrors.codes,
  doctor() {
    return netnsChecks((names) => netnsDriver.probeDefaults(names));
  },
  clean: cleanNetnsLeftovers,

  // No subnet check: the run's addresses live in its namespaces only, never beside the machine's own.
  async preflight(needs) {
    requireRoot();
    if (needs.server.program.kind === "nginx") requireNginx(needs.nginxBinary ?? "nginx");
    if (needs.nat) requireTool("nft", "the NAT router's rules", "apt-get install nftables");
    if (needs.capture) requireTool("tcpdump", "packet capture", "apt-get install tcpdump");
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
    if (spec.shape === "nat") return createNatTopology(spec, teardown);
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

async function createNatTopology(spec: NatHostsSpec, teardown: TeardownStack): Promise<Topology> {
  const sandbox = await createNatSandbox({ subnet: spec.subnet, nat: spec.nat }, teardown);
  const { clients, router, server, tempDir } = sandbox;
  const [first] = clients;
  if (!first) throw new Error("a nat topology has at least one client host");
  return {
    id: sandbox.id,
    tempDir,
    hosts: [...clients, router, server],
    clients,
    server,
    router,
    startServer: (launch, serverTeardown) =>
      launch.spec.program.kind === "command"
        ? startProgram(launch, serverTeardown, server, first, tempDir)
        : startNetnsNginx(launch, serverTeardown, server, tempDir),
  };
}

async function startNetnsNginx(
  launch: ServerLaunch,
  teardown: TeardownStack,
  server: Host & { wrap: (file: string, args: readonly string[]) => { file: string; args: string[] } },
  tempDir: string,
): Promise<RunningServer> {
  const { spec } = launch;
  // The engine never asks for a server the driver does not declare (engine/driver-fit.ts).
  if (spec.program.kind !== "nginx") throw new Error("the netns driver runs no server.image");
  const binary = launch.nginxBinary ?? "nginx";
  const address = server.addresses[0] ?? "127.0.0.1";
  teardown.push("stop nginx", () => stopNginxByPidFile(tempDir));
  const nginx = await startNginx({
    tempDir,
    listenAddress: address,
    ports: launch.ports,
    ...nginxTuning(spec),
    wrap: server.wrap,
    nginxBinary: binary,
  });
  return {
    description: `nginx (pid ${nginx.pid})`,
    address,
    ports: launch.ports,
    collectLogs: (directory, run) =>
      copyFresh(nginx.errorLogPath, join(directory, `nginx-error-${run}.log`)).then(
        () => undefined,
        () => undefined,
      ),
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
  running = await startCommandServer(server, spec.program, spec.port, tempDir);
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
