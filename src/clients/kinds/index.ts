import type { ClientSpec, ScenarioClient } from "../../scenario/types.js";
import { autocannonClient } from "./autocannon.js";
import { commandClient } from "./command.js";
import { pooledClient } from "./pooled.js";
import { shortClient } from "./short.js";
import type { ClientKind, ClientPrediction, FlagKey, PredictClientInput } from "./types.js";

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

/** The kind a scenario's raw entry names, or undefined (the schema refuses it). */
export function kindNamed(name: unknown): ClientKind | undefined {
  return clientKinds.find((kind) => kind.kind === name);
}

/** The kinds a scenario may list by bare name (`- short`), which are also what --client offers. */
export function shorthandKinds(): string[] {
  return clientKinds.filter((kind) => kind.shorthand).map((kind) => kind.kind);
}

/** The kinds whose mapping takes a key a flag writes, by name. */
export function kindsTaking(key: FlagKey): string[] {
  return clientKinds.filter((kind) => kind.flagKeys.includes(key)).map((kind) => kind.kind);
}

/** The names a threshold may give this client: its kind, and `kind/variant` when it has one. */
export function thresholdNames(client: ScenarioClient): string[] {
  const kind = kindOf(client);
  const variant = kind.variant(client);
  return variant === null ? [kind.kind] : [kind.kind, `${kind.kind}/${variant}`];
}

/** Every name a threshold may give a client: each kind, then each kind's variants. */
export function everyThresholdName(): string[] {
  return [
    ...clientKinds.map((kind) => kind.kind),
    ...clientKinds.flatMap((kind) => kind.variants.map((variant) => `${kind.kind}/${variant}`)),
  ];
}

/** `a`, `a or b`, `a, b or c`: names as messages list them. */
export function joinOr(names: readonly string[]): string {
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

/** A validated client entry (a bare name as { kind }) → its client, defaults filled in by its kind. */
export function normaliseClient(raw: string | Readonly<Record<string, unknown>>): ScenarioClient {
  const entry = typeof raw === "string" ? { kind: raw } : raw;
  // The schema admitted only the kinds listed here.
  return byKind[entry.kind as ScenarioClient["kind"]].normalise(entry);
}

/** Whether a raw entry's kind takes a key a flag writes; undefined for an entry of no listed kind. */
export function kindTakes(kind: unknown, key: FlagKey): boolean | undefined {
  return kindNamed(kind)?.flagKeys.includes(key);
}
