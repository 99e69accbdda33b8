import * as z from "zod";
import type { ActiveLimits } from "./limits.js";
import { got, oneLine, positiveCount, strictMapping, sysctlMap } from "./schema-fields.js";
import { identifier, libraryProfileName } from "./schema-names.js";

function hostCount(unit: string, limits: ActiveLimits) {
  return positiveCount({ unit, example: 1, integer: true, hardMax: 64 }, limits).optional();
}

const PORT_SPAN = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/;

/** "40000-40009": the router's NAT ports, LOW-HIGH within 1..65535. */
function natPortRange() {
  const wanted = 'must be a port range LOW-HIGH such as "40000-40009" (1 to 65535)';
  return z
    .string({ error: (issue) => `${wanted}, ${got(issue.input)}` })
    .transform((text, ctx) => {
      const match = PORT_SPAN.exec(text);
      const low = Number(match?.[1]);
      const high = Number(match?.[2]);
      if (!match || low < 1 || high > 65535 || low > high) {
        ctx.addIssue({ code: "custom", message: `${wanted}, ${got(text)}`, input: text });
        return z.NEVER;
      }
      return { low, high };
    })
    .meta({ type: "string", pattern: "^\\d{1,5}-\\d{1,5}$" });
}

/** The NAT of a `topology: nat` profile: its client hosts and port range. */
function natSection(limits: ActiveLimits) {
  return strictMapping(
    {
      clients: positiveCount({ unit: "client hosts", example: 2, integer: true, hardMax: 16 }, limits)
        .optional()
        .meta({
          description: "Client hosts behind the router, each with its own namespace and address (default 2).",
        }),
      portRange: natPortRange().optional().meta({
        description:
          "Ports the router masquerades connections to (nftables masquerade to :LOW-HIGH); default: the kernel's choice. Extending a per-node cloud profile (nat-azure-lb, nat-gcp-cloud-nat): the first client host's block, each next host the next block of the same size.",
      }),
    },
    '{ clients: 2, portRange: "40000-40009" }',
  );
}

/** A profile written in the scenario; `extends` starts from a library profile and merges sysctls over it. */
export function inlineProfile(limits: ActiveLimits) {
  return strictMapping(
    {
      name: identifier("my-tuning", "shown in the table"),
      extends: libraryProfileName().optional(),
      explanation: oneLine("shown in the comparison table", 500).optional(),
      topology: z
        .enum(["veth", "loopback", "nat"], {
          error: (issue) => `must be veth, loopback or nat, ${got(issue.input)}`,
        })
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
      nat: natSection(limits).optional(),
      router: strictMapping(
        { sysctls: sysctlMap().optional() },
        "{ sysctls: { nf_conntrack_tcp_timeout_time_wait: 2 } }",
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
