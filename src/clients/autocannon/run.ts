import type { ClientSpec } from "../../core/scenario.js";
import type { PoolClientSpec } from "../pool-spec.js";
import type { ClientRun } from "../worker/client-run.js";
import { runAutocannonLoad } from "./autocannon-load.js";

/** autocannon's run half: its own engine and its own net.Socket connections (~25 MB of imports, loaded here only). */
export const run: ClientRun<PoolClientSpec<"autocannon">> = {
  runLoad: (start, context) =>
    runAutocannonLoad({
      target: start.target,
      connections: start.client.connections,
      load: start.load,
      ...context,
    }),
  transport: () => "autocannon (its own net.Socket connections)",
};
