import type { ConnectionPattern } from "../../core/connection.js";
import type { CommandClientSpec, LoadSpec } from "../../core/scenario.js";
import { predictRun } from "../../kernel/model.js";
import type { ClientPrediction, PredictClientInput } from "../../scenario/client-kind.js";

export const NO_EXPECTATION =
  "portlab does not know how your program connects: add expect: { kind: short, rate: N } (a new connection per request, N a second) or { kind: pooled, connections: N } to the client for a prediction";

/**
 * A command client is predicted only from what the user says of it (`expect`), like portlab's own client of
 * that kind: its own rate, and one source address (the kernel's choice: the program binds none of the
 * profile's extra addresses).
 */
export function predictCommand(input: PredictClientInput, client: CommandClientSpec): ClientPrediction {
  const expect = client.expect;
  if (expect === null) return { prediction: null, noPredictionReason: NO_EXPECTATION };
  const { durationMs, requestTimeoutMs } = input.load;
  const as: ConnectionPattern =
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
