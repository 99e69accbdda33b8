import type { ClientSpec, ScenarioClient } from "../../scenario/types.js";
import { autocannonClient } from "./autocannon.js";
import { commandClient } from "./command.js";
import { pooledClient } from "./pooled.js";
import { shortClient } from "./short.js";
import type { ClientKind, ClientPrediction, PredictClientInput } from "./types.js";

/**
 * Every client kind, one entry each, in the order scenarios, messages and the editor schema list them. A new
 * kind is a module of this folder and its line here (the type makes every kind of ScenarioClient have one).
 * The agent and the client worker never import this list (each agent form loads only what it runs): the
 * worker picks its per-request client in its own small map (create-client.ts, run-worker.ts).
 */
const byKind: {
  readonly [Kind in ScenarioClient["kind"]]: ClientKind<Extract<ScenarioClient, { kind: Kind }>>;
} = {
  short: shortClient,
  pooled: pooledClient,
  autocannon: autocannonClient,
  command: commandClient,
};

export const clientKinds: readonly ClientKind[] = Object.values(byKind);

/** The definition of a client's kind. */
export function kindOf(client: ScenarioClient): ClientKind {
  return byKind[client.kind];
}

/** Whether portlab's client worker runs it: its kind's load-agent form is `--load` (a ClientSpec). */
export function runsInClientWorker(client: ScenarioClient): client is ClientSpec {
  return kindOf(client).agent === "--load";
}

/** The model's prediction for any client a scenario lists, or why there is none. */
export function predictClient(input: PredictClientInput): ClientPrediction {
  return kindOf(input.client).predict(input, input.client);
}
