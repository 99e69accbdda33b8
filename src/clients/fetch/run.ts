import { runHttpLoad } from "../http/http-load.js";
import type { ClientRun } from "../worker/client-run.js";
import { createFetchClient } from "./fetch-client.js";
import type { FetchClientSpec } from "./spec.js";

/** The fetch kind's run half: undici's fetch on an undici Agent (undici's defaults unless the scenario sets them). */
export const run: ClientRun<FetchClientSpec> = {
  runLoad: (start, context) =>
    runHttpLoad(start, context, (endpoint) =>
      createFetchClient({
        ...endpoint,
        close: start.client.close,
        connections: start.client.connections,
        keepAliveTimeoutMs: start.client.keepAliveTimeoutMs,
        pipelining: start.client.pipelining,
        retry: start.client.retry,
      }),
    ),
  transport: (start) =>
    `undici fetch on an undici Agent (${start.client.close ? "Connection: close" : "keep-alive"}, its own net.Socket connections)`,
};
