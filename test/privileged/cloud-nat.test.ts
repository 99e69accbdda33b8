import { expect, it } from "vitest";
import type { RunSummary } from "../../src/core/run-summary.js";
import { describePrivilegedScenario } from "../support/privileged-scenario.js";
import { describeRun, leftoverNamespaces, runOf } from "../support/run-engine.js";

// Two client hosts (nodes) behind each cloud preset: one pool per host larger than its SNAT budget, one smaller.
// GCP Cloud NAT and Azure's load balancer give each node its own block (64, 1,024 ports); AWS NAT Gateway's
// 55,000 per destination are shared and cannot be held in a 2 s run, so that run scales them by 1/1000 (55
// ports, said in the profile's name and explanation) and keeps the preset's timeouts.
const gcpYaml = `
name: cloud-nat-gcp-test
load: { concurrency: 200, duration: 2s, timeout: 2s }
clients:
  - { kind: pooled, connections: 80 }
  - { kind: pooled, connections: 16 }
profiles: [nat-gcp-cloud-nat]
`;

const azureYaml = `
name: cloud-nat-azure-test
load: { concurrency: 2200, duration: 2s, timeout: 2s }
clients:
  - { kind: pooled, connections: 1100 }
  - { kind: pooled, connections: 16 }
profiles: [nat-azure-lb]
`;

const awsYaml = `
name: cloud-nat-aws-test
load: { concurrency: 100, duration: 2s, timeout: 2s }
clients:
  - { kind: pooled, connections: 40 }
  - { kind: pooled, connections: 16 }
profiles:
  - name: nat-aws-gateway-scaled
    extends: nat-aws-gateway
    explanation: "AWS NAT Gateway scaled by 1/1000: 55 shared ports per destination (55,000 in the cloud)"
    nat: { portRange: "40000-40054" }
`;

const dropped = (run: RunSummary): number =>
  (run.counters.router?.insert_failed ?? 0) + (run.counters.router?.drop ?? 0);

/** Connections that got a NAT port: the server saw each of them open at once (the pools never close). */
const throughNat = (run: RunSummary): number => run.hosts.server?.peak?.ESTABLISHED ?? 0;

describePrivilegedScenario(
  "cloud NAT gateway presets: the router allows exactly the gateway's SNAT port budget",
  {
    tools: ["nft"],
    scenarios: {
      gcp: { yaml: gcpYaml, timeoutMs: 40_000 },
      azure: { yaml: azureYaml, timeoutMs: 40_000 },
      aws: { yaml: awsYaml, timeoutMs: 40_000 },
    },
  },
  (ran) => {
    const cases = [
      { name: "gcp", profile: "nat-gcp-cloud-nat", over: "pooled(80)", budget: 2 * 64 },
      { name: "azure", profile: "nat-azure-lb", over: "pooled(1100)", budget: 2 * 1024 },
      { name: "aws", profile: "nat-aws-gateway-scaled", over: "pooled(40)", budget: 55 },
    ] as const;

    for (const { name, profile, over, budget } of cases) {
      it(`${profile}: a pool larger than the budget gets exactly ${budget} connections through, the rest of the SYNs are dropped`, () => {
        const run = runOf(ran[name].summary, profile, over);
        expect(run.prediction?.nat?.exhaustedAtMs, describeRun(run)).toBe(0);
        expect(throughNat(run), describeRun(run)).toBe(budget);
        // conntrack holds one entry per mapped connection (a readiness probe's closed entry may linger).
        expect(run.counters.router?.entries ?? 0, describeRun(run)).toBeGreaterThanOrEqual(budget);
        expect(run.counters.router?.entries ?? 0, describeRun(run)).toBeLessThanOrEqual(budget + 4);
        expect(dropped(run), describeRun(run)).toBeGreaterThan(0);
        expect(run.errors.EADDRNOTAVAIL ?? 0).toBe(0);
      });

      it(`${profile}: a pool of fewer connections than the budget loses no SYN`, () => {
        const run = runOf(ran[name].summary, profile, "pooled(16)");
        expect(run.prediction?.nat?.exhaustedAtMs).toBeNull();
        expect(throughNat(run), describeRun(run)).toBe(32);
        expect(dropped(run), describeRun(run)).toBe(0);
        expect(run.requests.failed, describeRun(run)).toBe(0);
      });
    }

    it("applies the gateways' timeouts in the router and leaves no host behind", () => {
      const gcp = runOf(ran.gcp.summary, "nat-gcp-cloud-nat", "pooled(16)");
      expect(gcp.routerSysctls?.["net.netfilter.nf_conntrack_tcp_timeout_established"]).toBe("1200");
      expect(gcp.routerSysctls?.["net.netfilter.nf_conntrack_tcp_timeout_syn_sent"]).toBe("30");
      const azure = runOf(ran.azure.summary, "nat-azure-lb", "pooled(16)");
      expect(azure.routerSysctls?.["net.netfilter.nf_conntrack_tcp_timeout_established"]).toBe("240");
      const aws = runOf(ran.aws.summary, "nat-aws-gateway-scaled", "pooled(16)");
      expect(aws.routerSysctls?.["net.netfilter.nf_conntrack_tcp_timeout_established"]).toBe("350");
      const ids = [...ran.gcp.sandboxIds, ...ran.azure.sandboxIds, ...ran.aws.sandboxIds];
      expect(leftoverNamespaces(ids)).toEqual([]);
      expect([...ran.gcp.errors, ...ran.azure.errors, ...ran.aws.errors]).toEqual([]);
    });
  },
);
