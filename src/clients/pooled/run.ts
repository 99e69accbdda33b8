import type { ClientSpec } from "../../core/scenario.js";
import { httpTransport, runHttpLoad } from "../http/http-load.js";
import type { PoolClientSpec } from "../pool-spec.js";
import type { ClientRun } from "../worker/client-run.js";
import { createPooledClient } from "./pooled-client.js";

/** The pooled client's run half: `connections` keep-alive connections, reused request after request. */
export const run: ClientRun<PoolClientSpec<"pooled">> = {
  runLoad: (start, context) =>
    runHttpLoad(start, context, (endpoint) =>
      createPooledClient({ ...endpoint, connections: start.client.connections }),
    ),
  transport: httpTransport,
};
