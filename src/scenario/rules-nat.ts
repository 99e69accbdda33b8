import { natPortsOf } from "../core/profile.js";
import type { Scenario } from "../core/scenario.js";
import { routerFixedSysctls } from "../kernel/sysctl-facts.js";
import type { ScenarioCatalog } from "./catalog.js";
import { joinOr } from "./client-kinds.js";
import type { ScenarioIssue } from "./issues.js";
import type { ValidatedInput } from "./schema.js";

/** Rules of the NAT topology: what it needs (netns, enough load to share) and what only it takes. */
export function natIssues(
  input: ValidatedInput,
  scenario: Scenario,
  catalog: ScenarioCatalog,
): ScenarioIssue[] {
  const kinds = catalog.clients;
  const drivers = catalog.drivers;
  const issues: ScenarioIssue[] = [];
  scenario.profiles.forEach((profile, index) => {
    const entry = input.profiles?.[index];
    const inline = typeof entry === "object" && entry !== null ? entry : null;
    const at = (...path: PropertyKey[]): PropertyKey[] =>
      inline ? ["profiles", index, ...path] : ["profiles", index];
    if (profile.topology !== "nat") {
      for (const key of ["nat", "router"] as const)
        if (inline?.[key] !== undefined)
          issues.push({
            path: at(key),
            message: "applies to topology: nat only (client hosts behind a router)",
          });
      return;
    }
    const able = drivers.making("nat");
    if (!able.includes(scenario.sandbox.driver))
      issues.push({
        path: at("topology"),
        message: `a NAT router host needs sandbox.driver ${joinOr(able)} (--driver ${able[0]}); the ${scenario.sandbox.driver} driver cannot make one`,
      });
    if (profile.client.sourceAddresses > 1)
      issues.push({
        path: at("client", "sourceAddresses"),
        message: "behind a NAT each client host has one address; add client hosts with nat.clients instead",
      });
    const nat = profile.nat;
    if (nat?.perClient && nat.portRange) {
      // Each client host has its own block: the last one must still end at or below port 65535.
      const last = natPortsOf(nat, nat.clients - 1, nat.portRange);
      if (last.high > 65535)
        issues.push({
          path: at("nat"),
          message: `gives each of ${nat.clients} client hosts ${nat.portRange.high - nat.portRange.low + 1} ports of its own from ${nat.portRange.low}: the last block ends at ${last.high}, past 65535; lower nat.clients or start nat.portRange lower`,
        });
    }
    for (const name of Object.keys(profile.router?.sysctls ?? {})) {
      const why = routerFixedSysctls[name];
      if (why !== undefined)
        issues.push({ path: at("router", "sysctls", name), message: `cannot be set: ${why}` });
    }
  });
  const widest = Math.max(1, ...scenario.profiles.map((profile) => profile.nat?.clients ?? 1));
  // The user's program runs in one client host; portlab's own client runs a share of the load in each.
  const program = scenario.clients.findIndex((client) => !kinds.runsInClientWorker(client));
  if (widest > 1 && program >= 0)
    issues.push({
      path: ["clients", program],
      message: `a ${scenario.clients[program]?.kind} client runs in one client host; behind a NAT the load runs in every client host: use portlab's own clients there`,
    });
  if (scenario.load.mode === "concurrency" && scenario.load.concurrency < widest)
    issues.push({
      path: ["load", "concurrency"],
      message: `is split over the client hosts behind a NAT (${widest} in a profile): it must be at least ${widest}`,
    });
  const routers = scenario.profiles.some((profile) => profile.topology === "nat");
  if (scenario.capture?.roles.includes("router") && !routers && !captureIsAll(input))
    issues.push({
      path: ["capture"],
      message: "names the router, but no profile of this scenario has one (topology: nat)",
    });
  return issues;
}

/** `all` captures every host a run has; naming the router outright asks for one. */
function captureIsAll(input: ValidatedInput): boolean {
  const section = input.capture;
  const hosts = typeof section === "object" && !Array.isArray(section) ? section.hosts : section;
  return (Array.isArray(hosts) ? hosts : [hosts]).includes("all");
}
