import type { ClientKinds } from "./client-kinds.js";
import type { Drivers } from "./driver-capabilities.js";

/**
 * What the scenario format offers beyond its fixed fields, given to the scenario module by the layers that define
 * it (engine/scenarios.ts puts it together): the client kinds and the drivers. The scenario module imports none.
 */
export interface ScenarioCatalog {
  readonly clients: ClientKinds;
  readonly drivers: Drivers;
}
