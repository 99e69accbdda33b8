import type { CloseMode } from "../../core/connection.js";
import type { ClientSpec } from "../../core/scenario.js";

/** A new connection per request, closed by the side `close` says (or never: a leak). */
export interface ShortClientSpec extends ClientSpec {
  readonly kind: "short";
  readonly close: CloseMode;
}
