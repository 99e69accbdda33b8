import type { ClientSpec } from "../../core/scenario.js";
import { httpTransport, runHttpLoad } from "../http/http-load.js";
import type { ClientRun } from "../worker/client-run.js";
import { createShortClient } from "./short-client.js";
import type { ShortClientSpec } from "./spec.js";

/** The short client's run half: a new connection per request, closed as its close mode says. */
export const run: ClientRun<ShortClientSpec> = {
  runLoad: (start, context) =>
    runHttpLoad(start, context, (endpoint) =>
      createShortClient({ ...endpoint, closeMode: start.client.close }),
    ),
  transport: httpTransport,
};
