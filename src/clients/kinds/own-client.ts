import { predictRun } from "../../profiles/model.js";
import type { ConnectionPattern } from "../../profiles/types.js";
import type { ClientSpec } from "../../scenario/types.js";
import type { ClientKind, ClientSummaryFields } from "./types.js";

/** What one of portlab's own client kinds says of itself; the rest is the same for all of them. */
export interface OwnClientKind<Client extends ClientSpec> {
  readonly kind: Client["kind"];
  /** How it uses ports, as the model sees it. */
  pattern(client: Client): ConnectionPattern;
  /** Its close mode and pool size in summary.json (null where it has none). */
  summary(client: Client): Pick<ClientSummaryFields, "closeMode" | "connections">;
}

/**
 * A kind of portlab's own client: the client worker runs it (`--load`) and reports each failure, the model
 * predicts it from how it uses ports, and its summary names its open-file limit.
 */
export function ownClientKind<Client extends ClientSpec>(own: OwnClientKind<Client>): ClientKind<Client> {
  return {
    kind: own.kind,
    agent: "--load",
    errors: () => "reported",
    predict: (input, client) => ({
      prediction: predictRun({ ...input, client: own.pattern(client) }),
      noPredictionReason: null,
    }),
    summaryFields: (client) => ({ client: own.kind, ...own.summary(client), nofile: client.nofile ?? null }),
  };
}
