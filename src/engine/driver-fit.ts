import { invalidInput } from "../core/errors.js";
import { clientImageOf, type Scenario } from "../core/scenario.js";
import type { Driver } from "../hosts/driver.js";

/**
 * The scenario asks only for what its driver declares it can make: every profile's topology and the server.
 * The scenario rules refuse the same (exit 2) when a file is parsed; this holds for a Scenario made otherwise.
 */
export function checkDriverFit(scenario: Scenario, driver: Driver): void {
  const topology = scenario.profiles.find((profile) => !driver.topologies.includes(profile.topology));
  if (topology !== undefined)
    throw invalidInput(
      "DRIVER_TOPOLOGY",
      `the ${driver.name} driver cannot make the hosts of topology: ${topology.topology} (profile ${topology.name})`,
      "run that profile with a driver that can (portlab doctor lists the drivers)",
    );
  const server = scenario.server.program.kind;
  if (!driver.servers.includes(server))
    throw invalidInput(
      "DRIVER_SERVER",
      `the ${driver.name} driver cannot run server.${server}`,
      `use one of ${driver.servers.map((kind) => (kind === "nginx" ? "portlab's nginx" : `server.${kind}`)).join(", ")}`,
    );
  const image = scenario.clients.find((client) => clientImageOf(client) !== null);
  if (image !== undefined && !driver.clientImages)
    throw invalidInput(
      "DRIVER_CLIENT_IMAGE",
      `the ${driver.name} driver cannot run a client image (clients[].image)`,
      "run it with --driver docker (sandbox: { driver: docker }), or give run: [...] without image",
    );
}
