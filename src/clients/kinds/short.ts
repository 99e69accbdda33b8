import type { ClientSpec } from "../../scenario/types.js";
import { ownClientKind } from "./own-client.js";

type ShortClient = Extract<ClientSpec, { kind: "short" }>;

/** A new connection per request, closed by the side its close mode says (or never: a leak). */
export const shortClient = ownClientKind<ShortClient>({
  kind: "short",
  pattern: (client) => client,
  summary: (client) => ({ closeMode: client.close, connections: null }),
});
