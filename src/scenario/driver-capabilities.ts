import type { Profile } from "../core/profile.js";
import type { ServerProgram } from "../core/scenario.js";

/**
 * What a driver can make, as the scenario format sees it: the sandbox.driver choices, and the rules that refuse a
 * scenario a driver cannot run (exit 2, before anything starts). The drivers themselves (hosts/) declare these.
 */
export interface DriverCapabilities {
  /** What sandbox.driver and --driver call it. */
  readonly name: string;
  /** One line for the editor schema and --help: how it makes hosts. */
  readonly description: string;
  /** The host layouts it can make. */
  readonly topologies: readonly Profile["topology"][];
  /** The servers it can run in the server host. */
  readonly servers: readonly ServerProgram["kind"][];
  /** It runs a command client's own image (`clients[].image`) as a container in the client host. */
  readonly clientImages: boolean;
  /** It creates network namespaces or links itself, so portlab must run as root. */
  readonly needsRoot: boolean;
}

/** The drivers a scenario may name, in the order the editor schema and messages list them. */
export class Drivers {
  constructor(readonly all: readonly DriverCapabilities[]) {}

  names(): string[] {
    return this.all.map((driver) => driver.name);
  }

  named(name: string): DriverCapabilities | undefined {
    return this.all.find((driver) => driver.name === name);
  }

  /** The drivers that can make a topology, or run a server kind. */
  making(topology: Profile["topology"]): string[] {
    return this.all.filter((driver) => driver.topologies.includes(topology)).map((driver) => driver.name);
  }

  /** The drivers that run a client's own image. */
  runningClientImages(): string[] {
    return this.all.filter((driver) => driver.clientImages).map((driver) => driver.name);
  }

  running(server: ServerProgram["kind"]): string[] {
    return this.all.filter((driver) => driver.servers.includes(server)).map((driver) => driver.name);
  }
}
