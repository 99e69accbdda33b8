import { clientKinds } from "../clients/registry.js";
import { driverCapabilities } from "../hosts/registry.js";
import { scenarioReader } from "../scenario/reader.js";

/** The scenario format as this portlab offers it: every registered client kind and driver. */
export const scenarios = scenarioReader({ clients: clientKinds, drivers: driverCapabilities });
