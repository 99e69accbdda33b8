import type { ClientSpec, ScenarioClient } from "../core/scenario.js";
import type { ClientKindPlan, ClientPrediction, FlagKey, PredictClientInput } from "./client-kind.js";

/** `a`, `a or b`, `a, b or c`: names as messages list them. */
export function joinOr(names: readonly string[]): string {
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

/**
 * The client kinds a scenario may list, in the order scenarios, messages and the editor schema show them. The
 * scenario module knows no kind itself: it is given this list (clients/registry.ts makes it), and every rule,
 * schema piece, flag and label that depends on a kind asks it here.
 */
export class ClientKinds {
  private readonly byName: ReadonlyMap<string, ClientKindPlan>;

  constructor(readonly all: readonly ClientKindPlan[]) {
    this.byName = new Map(all.map((kind) => [kind.kind, kind]));
  }

  /** The definition of a client's kind. */
  of(client: Pick<ScenarioClient, "kind">): ClientKindPlan {
    const kind = this.byName.get(client.kind);
    if (kind === undefined) throw new Error(`no client kind ${JSON.stringify(client.kind)} is registered`);
    return kind;
  }

  /** The kind a scenario's raw entry names, or undefined (the schema refuses it). */
  named(name: unknown): ClientKindPlan | undefined {
    return typeof name === "string" ? this.byName.get(name) : undefined;
  }

  /** Whether portlab's client worker runs it: its kind's load-agent form is `--load` (a ClientSpec). */
  runsInClientWorker(client: ScenarioClient): client is ClientSpec {
    return this.of(client).agent === "--load";
  }

  /** The model's prediction for any client a scenario lists, or why there is none. */
  predict(input: PredictClientInput): ClientPrediction {
    return this.of(input.client).predict(input, input.client);
  }

  /** The kinds a scenario may list by bare name (`- short`), which are also what --client offers. */
  shorthands(): string[] {
    return this.all.filter((kind) => kind.shorthand).map((kind) => kind.kind);
  }

  /** The kinds whose mapping takes a key a flag writes, by name. */
  taking(key: FlagKey): string[] {
    return this.all.filter((kind) => kind.flagKeys.includes(key)).map((kind) => kind.kind);
  }

  /** Whether a raw entry's kind takes a key a flag writes; undefined for an entry of no listed kind. */
  takes(kind: unknown, key: FlagKey): boolean | undefined {
    return this.named(kind)?.flagKeys.includes(key);
  }

  /** The names a threshold may give this client: its kind, and `kind/variant` when it has one. */
  thresholdNames(client: ScenarioClient): string[] {
    const kind = this.of(client);
    const variant = kind.variant(client);
    return variant === null ? [kind.kind] : [kind.kind, `${kind.kind}/${variant}`];
  }

  /** Every name a threshold may give a client: each kind, then each kind's variants. */
  everyThresholdName(): string[] {
    return [
      ...this.all.map((kind) => kind.kind),
      ...this.all.flatMap((kind) => kind.variants.map((variant) => `${kind.kind}/${variant}`)),
    ];
  }

  /** A validated client entry (a bare name as { kind }) → its client, defaults filled in by its kind. */
  normalise(raw: string | Readonly<Record<string, unknown>>): ScenarioClient {
    const entry = typeof raw === "string" ? { kind: raw } : raw;
    // The schema admitted only the kinds listed here.
    return this.of(entry as Pick<ScenarioClient, "kind">).normalise(entry);
  }
}
