import type { Profile } from "../core/profile.js";
import type { SandboxSpec, ServerSpec } from "../core/scenario.js";

/** What a scenario gets for everything it leaves out (and a flags-only run starts from). */
export const scenarioDefaults = {
  name: "default",
  description: "short and pooled clients against 1,000 ephemeral ports",
  load: { rate: 2000, durationMs: 10_000, requestTimeoutMs: 2000, maxInFlight: 5000 },
  /** The derived maxRequests bound leaves this much room over rate × duration. */
  maxRequestsHeadroom: 1.1,
  close: "client-first",
  connections: 16,
  /** Raw-document forms, so flags can be merged into them before validation. */
  clients: ["short", { kind: "pooled", connections: 16 }],
  profiles: ["narrow-range"],
  server: {
    program: { kind: "nginx" },
    readyTimeoutMs: 30_000,
    port: 80,
    workers: 1,
    keepaliveTimeoutS: 60,
    keepaliveRequests: 1_000_000,
    backlog: 4096,
    bodyBytes: 2,
  } satisfies ServerSpec,
  sandbox: { driver: "netns", subnet: "198.18.0.0/24" } satisfies SandboxSpec,
} as const;

/** The base of an inline profile without `extends`. */
export function blankProfile(name: string, explanation: string): Profile {
  return {
    name,
    explanation,
    topology: "veth",
    client: { sysctls: {}, sourceAddresses: 1 },
    server: { sysctls: {}, listenPorts: 1 },
    ifUnavailable: "refuse",
  };
}
