import * as z from "zod";
import type { ActiveLimits } from "./limits.js";
import { documented, durationMs, got, positiveCount, strictMapping } from "./schema-fields.js";
import { checkSubnet } from "./subnet.js";

/** nginx settings in the server host. */
export function serverSection(limits: ActiveLimits) {
  const count = (unit: string, example: number, hardMax: number, description: string) =>
    documented(positiveCount({ unit, example, integer: true, hardMax }, limits), description, example);
  const port = {
    unit: "",
    example: 80,
    integer: true,
    hardMax: 65535,
    wanted: "must be a port number from 1 to 65535, e.g. 80",
  };
  return strictMapping(
    {
      port: documented(
        positiveCount(port, limits),
        "First port nginx listens on (a profile's server.listenPorts adds consecutive ones).",
        80,
      ),
      workers: count("nginx worker processes", 1, 64, "nginx worker processes."),
      keepaliveTimeout: documented(
        durationMs({ example: "60s", minMs: 1000, hardMaxMs: 3_600_000, wholeSeconds: true }, limits),
        "nginx keepalive_timeout, whole seconds.",
        "60s",
      ),
      keepaliveRequests: count(
        "requests per keep-alive connection",
        1000000,
        1_000_000_000,
        "nginx keepalive_requests.",
      ),
      backlog: count("queued connections (listen backlog)", 4096, 65535, "listen backlog."),
      bodyBytes: count("response body bytes", 2, 1_048_576, "Size of the response body."),
    },
    "{ port: 80, workers: 1 }",
  );
}

/** The two hosts and their link. */
export function sandboxSection() {
  return strictMapping(
    {
      driver: documented(
        z.literal("netns", {
          error: (issue) => `must be netns (the only driver so far), ${got(issue.input)}`,
        }),
        "How the two hosts are made: netns (network namespaces on one veth link; needs root).",
        "netns",
      ),
      subnet: z
        .string({ error: (issue) => `must be an IPv4 subnet such as 198.18.0.0/24, ${got(issue.input)}` })
        .superRefine((subnet, ctx) => {
          const problem = checkSubnet(subnet);
          if (problem !== null) ctx.addIssue({ code: "custom", message: problem, input: subnet });
        })
        .optional()
        .meta({
          description: "IPv4 link subnet for the hosts, /16 to /29 (RFC 2544 benchmarking range by default).",
          inputDefault: "198.18.0.0/24",
        }),
    },
    "{ driver: netns, subnet: 198.18.0.0/24 }",
  );
}
