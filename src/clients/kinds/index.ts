import type { ScenarioClient } from "../../core/scenario.js";
import type { ClientKindPlan } from "../../scenario/client-kind.js";
import { ClientKinds } from "../../scenario/client-kinds.js";
import { autocannonClient } from "./autocannon.js";
import { commandClient } from "./command.js";
import { pooledClient } from "./pooled.js";
import { shortClient } from "./short.js";

/**
 * Every client kind, one entry each, in the order scenarios, messages and the editor schema list them. A new
 * kind is a module of this folder and its line here (the type makes every kind of ScenarioClient have one).
 * The agent and the client worker never import this list (each agent form loads only what it runs): the
 * worker picks its per-request client in its own small map (create-client.ts, run-worker.ts).
 */
const byKind: {
  readonly [Kind in ScenarioClient["kind"]]: ClientKindPlan<Extract<ScenarioClient, { kind: Kind }>>;
} = {
  short: shortClient,
  pooled: pooledClient,
  autocannon: autocannonClient,
  command: commandClient,
};

export const clientKinds = new ClientKinds(Object.values(byKind) as readonly ClientKindPlan[]);
