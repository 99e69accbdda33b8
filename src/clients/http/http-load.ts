import { type LoadResult, runLoad } from "../load/run-load.js";
import type { LoadContext } from "../worker/client-run.js";
import type { StartMessage } from "../worker/protocol.js";
import type { ClientEndpoint, HttpClient } from "./http-client.js";
import { describeTransport } from "./transport.js";

/** Runs the load through one of portlab's per-request HTTP clients, made for the start's endpoint. */
export async function runHttpLoad(
  start: StartMessage,
  context: LoadContext,
  create: (endpoint: ClientEndpoint) => HttpClient,
): Promise<LoadResult> {
  const client = create({
    target: start.target,
    sourceAddresses: start.sourceAddresses,
    requestTimeoutMs: start.load.requestTimeoutMs,
  });
  try {
    return await runLoad({ load: start.load, client, ...context });
  } finally {
    await client.close();
  }
}

/** The transport our HTTP clients take to this start's target, and why. */
export function httpTransport(start: StartMessage): string {
  return describeTransport(start.target.host, start.sourceAddresses.length > 0);
}
