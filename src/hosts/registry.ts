import { Drivers } from "../scenario/driver-capabilities.js";
import { dockerDriver } from "./docker/docker-driver.js";
import type { Driver } from "./driver.js";
import { netnsDriver } from "./netns/netns-driver.js";

/** Every driver, one line each, in the order the scenario format and messages list them (the first is the default). */
export const drivers: readonly Driver[] = [netnsDriver, dockerDriver];

/** The drivers as the scenario format sees them: names, descriptions, what each can make. */
export const driverCapabilities = new Drivers(drivers);

/** The driver a (validated) scenario names. */
export function driverNamed(name: string): Driver {
  const driver = drivers.find((candidate) => candidate.name === name);
  if (driver === undefined) throw new Error(`no driver ${JSON.stringify(name)} is registered`);
  return driver;
}
