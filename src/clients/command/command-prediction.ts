import { type ModelPrediction, type PredictRunInput, predictRun } from "../../profiles/model.js";
import type { ClientSpec, CommandClientSpec, LoadSpec, ScenarioClient } from "../../scenario/types.js";

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

export const NO_EXPECTATION =
  "portlab does not know how your program connects: add expect: { kind: short, rate: N } (a new connection per request, N a second) or { kind: pooled, connections: N } to the client for a prediction";

/**
 * A command client is predicted only from what the user says of it (`expect`), like portlab's own client of
 * that kind: its own rate, and one source address (the kernel's choice: the program binds none of the
 * profile's extra addresses).
 */
function predictCommand(input: PredictClientInput, client: CommandClientSpec): ClientPrediction {
  const expect = client.expect;
  if (expect === null) return { prediction: null, noPredictionReason: NO_EXPECTATION };
  const { durationMs, requestTimeoutMs } = input.load;
  const as: ClientSpec =
    expect.kind === "short"
      ? { kind: "short", close: expect.close }
      : { kind: "pooled", connections: expect.connections };
  const load: LoadSpec =
    expect.kind === "short"
      ? {
          mode: "rate",
          rate: expect.rate,
          rampFromRate: null,
          rampMs: 0,
          durationMs,
          maxRequests: Number.MAX_SAFE_INTEGER,
          requestTimeoutMs,
          maxInFlight: Number.MAX_SAFE_INTEGER,
        }
      : {
          mode: "concurrency",
          concurrency: expect.connections,
          durationMs,
          maxRequests: Number.MAX_SAFE_INTEGER,
          requestTimeoutMs,
        };
  const profile = { ...input.profile, client: { ...input.profile.client, sourceAddresses: 1 } };
  return {
    prediction: predictRun({ ...input, profile, client: as, load, bindsBeforeConnect: false }),
    noPredictionReason: null,
  };
}

/** predictRun for any client a scenario lists. */
export function predictClient(input: PredictClientInput): ClientPrediction {
  const { client } = input;
  if (client.kind === "command") return predictCommand(input, client);
  return { prediction: predictRun({ ...input, client }), noPredictionReason: null };
}
