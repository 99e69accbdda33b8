import * as z from "zod";
import type { ActiveLimits } from "./limits.js";
import { got, oneLine, positiveCount, strictMapping, sysctlMap } from "./schema-fields.js";
import { identifier, libraryProfileName } from "./schema-names.js";

function hostCount(unit: string, limits: ActiveLimits) {
  return positiveCount({ unit, example: 1, integer: true, hardMax: 64 }, limits).optional();
}

/** A profile written in the scenario; `extends` starts from a library profile and merges sysctls over it. */
export function inlineProfile(limits: ActiveLimits) {
  return strictMapping(
    {
      name: identifier("my-tuning", "shown in the table"),
      extends: libraryProfileName().optional(),
      explanation: oneLine("shown in the comparison table", 500).optional(),
      topology: z
        .enum(["veth", "loopback"], { error: (issue) => `must be veth or loopback, ${got(issue.input)}` })
        .optional(),
      ifUnavailable: z
        .enum(["refuse", "report"], { error: (issue) => `must be refuse or report, ${got(issue.input)}` })
        .optional(),
      client: strictMapping(
        { sysctls: sysctlMap().optional(), sourceAddresses: hostCount("source addresses", limits) },
        "{ sysctls: { tcp_tw_reuse: 1 }, sourceAddresses: 1 }",
      ).optional(),
      server: strictMapping(
        { sysctls: sysctlMap().optional(), listenPorts: hostCount("listen ports", limits) },
        "{ sysctls: {}, listenPorts: 1 }",
      ).optional(),
    },
    "{ name: my-tuning, extends: narrow-range, client: { sysctls: { tcp_tw_reuse: 1 } } }",
  ).superRefine(
    (profile, ctx) => {
      if (typeof profile !== "object" || profile === null) return;
      if (profile.extends === undefined && profile.explanation === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["explanation"],
          message: "is required for a profile without extends: one line shown in the comparison table",
        });
      }
    },
    { when: () => true },
  );
}

/** A library profile name, or an inline profile (optionally extending one). */
export function profileEntry(limits: ActiveLimits) {
  return z.union([libraryProfileName(), inlineProfile(limits)]);
}
