import type * as z from "zod";
import type { ModelPrediction } from "../core/prediction.js";
import type { RunSummary } from "../core/run-summary.js";
import type { LoadSpec, ScenarioClient } from "../core/scenario.js";
import type { PredictRunInput } from "../kernel/model.js";
import type { ActiveLimits } from "./limits.js";

/** The model's answer for a run, or why there is none. */
export interface ClientPrediction {
  readonly prediction: ModelPrediction | null;
  /** Why prediction is null; null when there is one. */
  readonly noPredictionReason: string | null;
}

export type PredictClientInput = Omit<PredictRunInput, "client" | "load"> & {
  readonly client: ScenarioClient;
  readonly load: LoadSpec;
};

/** The fields of summary.json that name a run's client. */
export type ClientSummaryFields = Pick<
  RunSummary,
  "client" | "closeMode" | "connections" | "nofile" | "command" | "image"
>;

/** What a table's label is made of: a run's summary fields (from this version or another). */
export type ClientLabelFields = Pick<RunSummary, "client" | "closeMode" | "connections"> &
  Pick<Partial<RunSummary>, "nofile" | "command" | "image">;

/**
 * How a client's failed connect() calls are seen: `reported` by portlab's own client, `traced` with strace
 * around the user's program, or `unobserved`.
 */
export type ClientErrors = "reported" | "traced" | "unobserved";

/** A client's mapping in a scenario's clients, e.g. { kind: pooled, connections: 16 }. */
export type ClientEntrySchema = z.ZodObject<z.ZodRawShape, z.core.$strict>;

/** Keys of a client's mapping that a flag writes: --close, --connections, --nofile, --client-errors. */
export type FlagKey = "close" | "connections" | "nofile" | "errors";

/**
 * What the runner knows about one client kind; each kind is one module of this folder, listed once in
 * index.ts, which the scenario schema, normalisation, flags and rules, the model and the engine read.
 */
export interface ClientKindPlan<
  Client extends ScenarioClient = ScenarioClient,
  Entry extends ClientEntrySchema = ClientEntrySchema,
> {
  /** What a scenario calls it (`kind: short`), and the summary's `client`. */
  readonly kind: Client["kind"];
  /** Whether a scenario may list it by its bare name (`- short`), which is also what --client offers. */
  readonly shorthand: boolean;
  /** Its mapping in a scenario's clients (the scenario schema's piece for it). */
  entry(limits: ActiveLimits): Entry;
  /** Its validated mapping (a bare name as { kind }) with the defaults filled in. */
  normalise(raw: z.output<Entry>): Client;
  /** The keys of its mapping that flags write (a flag applies to the clients whose kind takes its key). */
  readonly flagKeys: readonly FlagKey[];
  /** What thresholds and tables may add to its name as `kind/variant` (short/leak): every value it has. */
  readonly variants: readonly string[];
  /** This client's variant, or null. */
  variant(client: Client): string | null;
  /**
   * The client host's load-agent form (agent/main.ts), and so the engine's measure step: `--load`, portlab's
   * client worker runs its share of the scenario's load in every client host and sees each request;
   * `--program`, the user's program makes its own load in one client host for load.duration, its requests
   * unseen.
   */
  readonly agent: "--load" | "--program";
  /** How its failed connect() calls are seen. */
  errors(client: Client): ClientErrors;
  /** How it uses ports, for the model's prediction. */
  predict(input: PredictClientInput, client: Client): ClientPrediction;
  /** Its fields in summary.json. */
  summaryFields(client: Client): ClientSummaryFields;
  /** How a run of it is named in tables, the progress line and predictions, from its summary fields. */
  label(fields: ClientLabelFields): string;
}
