import { dockerDriver } from "./docker/docker-driver.js";
import type { Driver, DriverName } from "./driver.js";
import { netnsDriver } from "./netns/netns-driver.js";

/** Every driver, by the name a scenario's sandbox.driver and --driver use: a new driver registers here. */
const drivers: Record<DriverName, Driver> = { netns: netnsDriver, docker: dockerDriver };

export const DRIVER_NAMES = Object.keys(drivers) as DriverName[];

export function driverFor(name: DriverName): Driver {
  return drivers[name];
}
