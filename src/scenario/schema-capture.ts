import * as z from "zod";
import type { ActiveLimits } from "./limits.js";
import { got, positiveCount, strictMapping } from "./schema-fields.js";

export const CAPTURE_HOSTS = ["client", "server", "router", "all"] as const;

function hostChoice() {
  return z.enum(CAPTURE_HOSTS, {
    error: (issue) => `must be client, server, router or all, ${got(issue.input)}`,
  });
}

function hostList() {
  return z.union([hostChoice(), z.array(hostChoice()).min(1, { error: "must name at least one host" })], {
    error: (issue) => `must be client, server, router, all, or a list of them, ${got(issue.input)}`,
  });
}

/**
 * Packet capture with tcpdump inside the chosen hosts: `server`, `[server, router]`, `all`, or a mapping with
 * caps. Headers only; each file stops at `packets` packets or `megabytes` MB, whichever comes first.
 */
export function captureSection(limits: ActiveLimits) {
  return z.union(
    [
      hostList(),
      strictMapping(
        {
          hosts: hostList(),
          packets: positiveCount(
            { unit: "packets", example: 100000, integer: true, hardMax: 10_000_000 },
            limits,
          )
            .optional()
            .meta({ description: "Most packets per capture file (default 100,000).", default: 100000 }),
          megabytes: positiveCount({ unit: "megabytes", example: 10, integer: false, hardMax: 1000 }, limits)
            .optional()
            .meta({
              description:
                "Most megabytes (10^6 bytes) per capture file (default 10); all the scenario's files together at most 1,000 MB unless unbounded.",
              default: 10,
            }),
        },
        "{ hosts: [server, router], packets: 100000, megabytes: 10 }",
      ),
    ],
    {
      error: (issue) =>
        `must be client, server, router, all, a list of them, or { hosts, packets, megabytes }, ${got(issue.input)}`,
    },
  );
}
