import type { ScenarioClient } from "../core/scenario.js";
import type { ClientKindPlan } from "../scenario/client-kind.js";
import { ClientKinds } from "../scenario/client-kinds.js";
import { autocannonClient } from "./autocannon/plan.js";
import { commandClient } from "./command/plan.js";
import { fetchClient } from "./fetch/plan.js";
import { pooledClient } from "./pooled/plan.js";
import { shortClient } from "./short/plan.js";

/**
 * Every client kind's plan half, one line each, in the order scenarios, messages and the editor schema list them.
 * A kind is a folder of clients/: `plan.ts` (its scenario mapping, defaults, flags, model input, summary fields and
 * label) and, for portlab's own clients, `run.ts` (what the client worker runs, loaded by the kind's name, so the
 * agent never imports this list or any plan). A new kind is its folder and its line here.
 */
export const clientKinds = new ClientKinds([
  shortClient,
  pooledClient,
  autocannonClient,
  fetchClient,
  commandClient,
] as readonly ClientKindPlan[]);
