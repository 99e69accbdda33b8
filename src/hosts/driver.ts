import type { Topology, TopologySpec } from "../core/host.js";
import type { ServerSpec } from "../core/scenario.js";
import type { TeardownStack } from "../core/teardown-stack.js";

export type DriverName = "netns" | "docker";

export interface DriverNeeds {
  readonly server: ServerSpec;
  /** nginx binary for the netns driver (a test hook). */
  readonly nginxBinary?: string;
  /** A profile puts the clients behind a NAT router (nftables). */
  readonly nat?: boolean;
  /** Packets are captured in some hosts (tcpdump). */
  readonly capture?: boolean;
}

/** Makes hosts one way (namespaces, containers, …). A new driver registers in hosts/drivers.ts. */
export interface Driver {
  readonly name: DriverName;
  /** What the driver needs before anything starts (root, tools, an engine, images): environment error if missing. */
  preflight(needs: DriverNeeds): Promise<void>;
  /** Reads the named parameters as a fresh host of this driver starts; null where it has no such parameter. */
  probeDefaults(names: readonly string[]): Promise<Map<string, string | null>>;
  /** Makes the hosts; every piece is registered on `teardown` before it exists. */
  create(spec: TopologySpec, teardown: TeardownStack): Promise<Topology>;
}
