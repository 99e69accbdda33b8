import * as z from "zod";
import type { CloseMode } from "../../core/connection.js";
import type { ClientSpec } from "../../core/scenario.js";
import { scenarioDefaults } from "../../scenario/defaults.js";
import { nofileField } from "../../scenario/schema-client-fields.js";
import { got, strictMapping } from "../../scenario/schema-fields.js";
import { ownClientKind } from "../own-client-plan.js";
import type { ShortClientSpec } from "./spec.js";

type ShortClient = ShortClientSpec;

const CLOSE_MODES: readonly [CloseMode, ...CloseMode[]] = ["client-first", "server-first", "reset", "leak"];

/** A new connection per request, closed by the side its close mode says (or never: a leak). */
export const shortClient = ownClientKind({
  kind: "short",
  entry: () =>
    strictMapping(
      {
        kind: z.literal("short"),
        close: z
          .enum(CLOSE_MODES, {
            error: (issue) => `must be client-first, server-first, reset or leak, ${got(issue.input)}`,
          })
          .optional(),
        nofile: nofileField(),
      },
      "{ kind: short, close: leak, nofile: 1024 }",
    ),
  normalise: (raw): Omit<ShortClient, "nofile"> => ({
    kind: "short",
    close: raw.close ?? scenarioDefaults.close,
  }),
  flagKeys: ["close"],
  pattern: (client: ShortClient) => client,
  summary: (client) => ({ closeMode: client.close, connections: null }),
  label: (fields) => `${fields.client}/${fields.closeMode}`,
  variants: CLOSE_MODES,
  variant: (client) => client.close,
});
