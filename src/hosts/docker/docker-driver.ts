import { environmentError, invalidInput } from "../../core/errors.js";
import type { Host, Topology, TopologySpec } from "../../core/host.js";
import type { Sysctls } from "../../core/profile.js";
import { startRunRecord } from "../../core/run-record.js";
import { planSubnet } from "../../core/subnet.js";
import { TeardownStack } from "../../core/teardown-stack.js";
import type { Driver } from "../driver.js";
import { parseSysctlReply } from "../host-sysctls.js";
import {
  docker,
  dockerAnswers,
  engineRunsHere,
  RUN_LABEL,
  removeContainers,
  removeNetwork,
} from "./docker-cli.js";
import { dockerChecks } from "./docker-doctor.js";
import { dockerErrors } from "./docker-errors.js";
import { containerHost } from "./docker-host.js";
import { cleanDockerLeftovers } from "./docker-leftovers.js";
import { startContainerServer } from "./docker-server.js";
import { ensureImages, IMAGE_AGENT, imageExists, PORTLAB_IMAGE } from "./images.js";
import { readMachinePrefixes } from "./machine-prefixes.js";
import { subnetClash } from "./subnet-overlap.js";

function sysctlFlags(sysctls: Sysctls): string[] {
  return Object.entries(sysctls).flatMap(([name, value]) => ["--sysctl", `${name}=${value}`]);
}

/**
 * An internal bridge network on the run's subnet; each host is a container of the portlab image that runs
 * the agent, with its parameters given as --sysctl (never --privileged). The server runs in a container of
 * its own that joins the server host's network namespace (`--network container:…`), so the agent there
 * samples the server's sockets, whatever image it is.
 */
export const dockerDriver: Driver = {
  name: "docker",
  description: "containers on an internal bridge network",
  topologies: ["veth", "loopback"],
  servers: ["nginx", "image"],
  clientImages: true,
  needsRoot: false,
  errorCodes: dockerErrors.codes,
  doctor: () => dockerChecks(),
  clean: cleanDockerLeftovers,

  async preflight(needs) {
    if (!(await dockerAnswers()))
      throw dockerErrors.environment(
        "DOCKER_ENGINE",
        "no Docker engine answers (docker version failed)",
        "start Docker (Docker Desktop; on Debian/Ubuntu: sudo portlab doctor --fix docker), or use --driver netns",
      );
    await refuseTakenSubnet(needs.subnet);
    await refuseMissingClientImages(needs.clientImages ?? []);
    await ensureImages(() => undefined);
  },

  // A throwaway container, recorded and labelled like any run's, so `clean` tells a live probe from a dead one.
  async probeDefaults(names) {
    const teardown = new TeardownStack();
    try {
      const record = await startRunRecord(teardown);
      const container = `portlab-${record.runId}-probe`;
      record.note({ driver: "docker", kind: "container", name: container });
      teardown.push(`remove container ${container}`, () => removeContainers([container]));
      const request = JSON.stringify({ set: [], read: names });
      const { stdout } = await docker([
        "run",
        "--rm",
        "--name",
        container,
        "--label",
        `${RUN_LABEL}=${record.runId}`,
        // A network namespace of its own holds the same defaults, and reaches nothing.
        "--network",
        "none",
        "--entrypoint",
        "node",
        PORTLAB_IMAGE,
        IMAGE_AGENT,
        "sysctl",
        request,
      ]);
      return new Map(Object.entries(parseSysctlReply("probe", stdout).values));
    } finally {
      await teardown.drain();
    }
  },

  async create(spec, teardown) {
    return createDockerTopology(spec, teardown);
  },
};

/**
 * The run's bridge lives in the engine's machine: when that is this one, a subnet overlapping its routes or
 * addresses is refused before anything is made. portlab's own networks add neither (inhibit_ipv4 below).
 */
async function refuseTakenSubnet(subnet: string): Promise<void> {
  if (!(await engineRunsHere())) return;
  const clash = subnetClash(subnet, await readMachinePrefixes());
  if (clash !== null) throw clash;
}

/** A client image is the user's to build or pull (portlab never pulls: an offline engine would hang on it). */
async function refuseMissingClientImages(images: readonly string[]): Promise<void> {
  for (const image of new Set(images)) {
    if (!(await imageExists(image)))
      throw dockerErrors.environment(
        "CLIENT_IMAGE_MISSING",
        `the client image ${image} (clients[].image) is not in the Docker engine`,
        `build it (docker build -t ${image} DIR) or pull it (docker pull ${image}) first`,
      );
  }
}

async function createDockerTopology(spec: TopologySpec, teardown: TeardownStack): Promise<Topology> {
  // The engine never asks for a topology the driver does not declare (engine/driver-fit.ts).
  if (spec.shape === "nat") throw new Error("the docker driver makes no NAT router");
  const record = await startRunRecord(teardown);
  const id = record.runId;
  const tempDir = record.dir;
  const label = ["--label", `${RUN_LABEL}=${id}`];

  const plan = planSubnet(spec.subnet, spec.clientAddresses);
  const network = `portlab-${id}`;
  record.note({ driver: "docker", kind: "network", name: network });
  teardown.push(`remove network ${network}`, () => removeNetwork(network));
  await docker([
    "network",
    "create",
    "--driver",
    "bridge",
    // No egress: no NAT to the internet (--internal) and no address of the machine on the bridge, so the
    // containers reach each other and nothing else, not even the machine's own services (docker exec is how
    // portlab talks to them, not the network).
    "--internal",
    "--opt",
    "com.docker.network.bridge.inhibit_ipv4=true",
    "--subnet",
    spec.subnet,
    "--gateway",
    plan.gateway,
    ...label,
    network,
  ]).catch((error: unknown) => {
    throw dockerErrors.environment(
      "DOCKER_NETWORK",
      `cannot make the run's network on ${spec.subnet}: ${(error as Error).message}`,
      "pick a free subnet with sandbox.subnet (another network may overlap it)",
      error,
    );
  });

  const hostContainer = async (name: string, address: string, sysctls: Sysctls, extra: string[] = []) => {
    const container = `portlab-${id}-${name}`;
    record.note({ driver: "docker", kind: "container", name: container });
    teardown.push(`remove container ${container}`, () => removeContainers([container]));
    await docker([
      "run",
      "-d",
      "--init",
      "--name",
      container,
      ...label,
      "--network",
      network,
      "--ip",
      address,
      ...sysctlFlags(sysctls),
      ...extra,
      "--entrypoint",
      "sleep",
      PORTLAB_IMAGE,
      "infinity",
    ]).catch((error: unknown) => {
      throw environmentError(
        "SYSCTL_REJECTED",
        `the ${name} container could not start with its kernel parameters: ${(error as Error).message}`,
        "Docker sets only parameters the kernel keeps per network namespace; remove the others",
        error,
      );
    });
    return container;
  };

  const [firstClient, ...moreClients] = plan.clients;
  // Extra source addresses are added inside the client container, which needs NET_ADMIN for that alone;
  // strace for a command client's errors needs SYS_PTRACE (see TopologySpec.tracesClient).
  const clientCaps = [
    ...(moreClients.length > 0 ? ["--cap-add", "NET_ADMIN"] : []),
    ...(spec.tracesClient ? ["--cap-add", "SYS_PTRACE"] : []),
  ];
  const clientContainer = await hostContainer("client", firstClient ?? "", spec.sysctls.client, clientCaps);
  for (const address of moreClients)
    await docker([
      "exec",
      clientContainer,
      "ip",
      "addr",
      "add",
      `${address}/${plan.prefixLength}`,
      "dev",
      "eth0",
    ]);
  const clientAddresses =
    spec.shape === "loopback" ? plan.clients.map((_, index) => `127.0.0.${index + 2}`) : plan.clients;
  const client = containerHost("client", "client", clientContainer, clientAddresses, tempDir, {
    id,
    record,
    teardown,
  });

  let server: Host;
  let serverContainer: string;
  if (spec.shape === "loopback") {
    serverContainer = clientContainer;
    server = containerHost("server", "server", clientContainer, ["127.0.0.1"], tempDir);
  } else {
    serverContainer = await hostContainer("server", plan.server, spec.sysctls.server);
    server = containerHost("server", "server", serverContainer, [plan.server], tempDir);
  }
  const hosts: Host[] = [client, server];
  return {
    id,
    tempDir,
    hosts,
    clients: [client],
    server,
    startServer: (launch, serverTeardown) =>
      startContainerServer({
        id,
        launch,
        teardown: serverTeardown,
        serverContainer,
        server,
        client,
        tempDir,
        record,
      }),
  };
}
