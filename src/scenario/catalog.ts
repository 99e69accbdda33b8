import type { ClientKinds } from "./client-kinds.js";

/**
 * What the scenario format offers beyond its fixed fields, given to the scenario module by the layers that define
 * it (engine/catalog.ts puts it together): the client kinds. The scenario module imports none of them.
 */
export interface ScenarioCatalog {
  readonly clients: ClientKinds;
}
