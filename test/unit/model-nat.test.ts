import { describe, expect, it } from "vitest";
import type { Profile } from "../../src/core/profile.js";
import type { LoadSpec } from "../../src/core/scenario.js";
import { predictRun } from "../../src/kernel/model.js";
import { predictNat } from "../../src/kernel/model-nat.js";
import { getProfile } from "../../src/kernel/profile-library.js";

const nat = getProfile("nat") as Profile;
const closed = (concurrency: number): LoadSpec => ({
  mode: "concurrency",
  concurrency,
  durationMs: 3000,
  maxRequests: 1e9,
  requestTimeoutMs: 3000,
});
const rate = (perSecond: number): LoadSpec => ({
  mode: "rate",
  rate: perSecond,
  rampFromRate: null,
  rampMs: 0,
  durationMs: 3000,
  maxRequests: perSecond * 3,
  requestTimeoutMs: 3000,
  maxInFlight: 5000,
});

describe("predictNat", () => {
  it("runs out at once when the client hosts' pools hold more connections than the NAT has ports", () => {
    const over = predictNat({ profile: nat, client: { kind: "pooled", connections: 16 }, load: closed(32) });
    expect(over).toMatchObject({ ports: 10, portSpace: 10, exhaustedAtMs: 0, sustainableRate: null });
    expect(over?.reason).toMatch(/2 pools of 16 need 32 NAT ports, the router has 10/);
    const fits = predictNat({ profile: nat, client: { kind: "pooled", connections: 4 }, load: closed(32) });
    expect(fits?.exhaustedAtMs).toBeNull();
  });

  it("an open-loop pool runs the NAT out once it has opened as many connections as there are ports", () => {
    const at = predictNat({ profile: nat, client: { kind: "pooled", connections: 16 }, load: rate(200) });
    expect(at?.exhaustedAtMs).toBe(50); // 10 ports at 200 new connections/s
  });

  it("short connections: P / (L + conntrack timeout) for certain; closing entries never run it out", () => {
    const fast = { ...nat, router: { sysctls: { "net.netfilter.nf_conntrack_tcp_timeout_time_wait": "2" } } };
    const short = predictNat({
      profile: fast,
      client: { kind: "short", close: "client-first" },
      load: rate(4),
    });
    expect(short?.holdMs).toBe(2001);
    expect(short?.sustainableRate).toBeCloseTo(10_000 / 2001, 6);
    expect(short?.exhaustedAtMs).toBeNull();
    const readBack = predictNat({
      profile: nat,
      routerSysctls: { "net.netfilter.nf_conntrack_tcp_timeout_close": "5" },
      client: { kind: "short", close: "reset" },
      load: rate(4),
    });
    expect(readBack?.holdMs).toBe(5001);
    const defaults = predictNat({
      profile: nat,
      client: { kind: "short", close: "server-first" },
      load: rate(4),
    });
    expect(defaults?.holdMs).toBe(120_001); // a fresh namespace's conntrack TIME_WAIT
  });

  it("is null without a NAT", () => {
    const veth = getProfile("narrow-range") as Profile;
    expect(
      predictNat({ profile: veth, client: { kind: "short", close: "client-first" }, load: rate(4) }),
    ).toBeNull();
  });
});

describe("predictRun behind a NAT", () => {
  it("predicts each client host's own ports with its share of the load, and adds the NAT's", () => {
    const narrowNat: Profile = {
      ...nat,
      client: { sysctls: { "net.ipv4.ip_local_port_range": "40000 40999" }, sourceAddresses: 1 },
    };
    const prediction = predictRun({
      sysctls: {},
      profile: narrowNat,
      client: { kind: "short", close: "client-first" },
      load: rate(1000),
    });
    expect(prediction.exhaustedAtMs).toBe(2000); // 1,000 ports at 500/s per client host
    expect(prediction.nat?.ports).toBe(10);
    const plain = predictRun({
      sysctls: {},
      profile: getProfile("narrow-range") as Profile,
      client: { kind: "short", close: "client-first" },
      load: rate(1000),
    });
    expect(plain.nat).toBeUndefined();
  });
});

describe("predictNat with the cloud NAT presets", () => {
  const gcp = getProfile("nat-gcp-cloud-nat") as Profile;
  const azure = getProfile("nat-azure-lb") as Profile;
  const aws = getProfile("nat-aws-gateway") as Profile;
  const short = { kind: "short", close: "client-first" } as const;
  const nodes = (profile: Profile, clients: number): Profile => ({
    ...profile,
    nat: { ...(profile.nat as NonNullable<Profile["nat"]>), clients },
  });

  it("carries each gateway's budget and timeouts", () => {
    expect(gcp.nat).toMatchObject({ portRange: { low: 1024, high: 1087 }, perClient: true });
    expect(azure.nat).toMatchObject({ portRange: { low: 1024, high: 2047 }, perClient: true });
    expect(aws.nat).toMatchObject({ portRange: { low: 1024, high: 56023 } });
    expect(aws.nat?.perClient).toBeUndefined();
    const timeout = (profile: Profile, state: string) =>
      profile.router?.sysctls[`net.netfilter.nf_conntrack_tcp_timeout_${state}`];
    expect(timeout(azure, "established")).toBe("240");
    expect(timeout(aws, "established")).toBe("350");
    expect(["established", "syn_sent", "time_wait"].map((state) => timeout(gcp, state))).toEqual([
      "1200",
      "30",
      "120",
    ]);
  });

  it("per-node budgets: each host's pool is judged against its own ports, not the sum", () => {
    const over = predictNat({ profile: gcp, client: { kind: "pooled", connections: 80 }, load: closed(200) });
    expect(over).toMatchObject({ ports: 64, portSpace: 64, perHost: true, exhaustedAtMs: 0 });
    expect(over?.reason).toMatch(/a pool of 80 in each client host needs 80 NAT ports, each host has 64/);
    // 2 × 40 = 80 connections fit 2 × 64 per-node ports, though not 64 shared ones.
    const fits = predictNat({ profile: gcp, client: { kind: "pooled", connections: 40 }, load: closed(200) });
    expect(fits).toMatchObject({
      exhaustedAtMs: null,
      gatewayRunsOutAfterMs: null,
      gateway: "GCP Cloud NAT",
    });
    const azureOver = predictNat({
      profile: azure,
      client: { kind: "pooled", connections: 1100 },
      load: closed(2200),
    });
    expect(azureOver).toMatchObject({ ports: 1024, exhaustedAtMs: 0, gatewayRunsOutAfterMs: 0 });
  });

  it("10 nodes at 100 requests/s each, new connections: GCP's 64 ports per node run out in 0.64 s, a pool never", () => {
    const ten = nodes(gcp, 10);
    const churn = predictNat({ profile: ten, client: short, load: rate(1000) });
    // Each node: 64 ports / (1 ms + 120 s TIME_WAIT) ≈ 0.53/s; at 100/s they are gone after 64 / 100 s.
    expect(churn?.sustainableRate).toBeCloseTo((640 * 1000) / 120_001, 6);
    expect(churn?.gatewayRunsOutAfterMs).toBe(640);
    expect(churn?.exhaustedAtMs).toBeNull(); // this Linux router evicts closing entries: the run shows no drops
    expect(churn?.reason).toMatch(
      /GCP Cloud NAT, which keeps a closed connection's port .* runs out after 0\.6 s/,
    );
    const pooled = predictNat({ profile: ten, client: { kind: "pooled", connections: 8 }, load: rate(1000) });
    expect(pooled).toMatchObject({ exhaustedAtMs: null, gatewayRunsOutAfterMs: null });
  });

  it("AWS NAT Gateway: 55,000 shared ports per destination last P / r above P / (L + 120 s)", () => {
    const fifty = nodes(aws, 50);
    // 50 nodes × 20/s = 1,000 new connections/s > 55,000 / 120 s ≈ 458/s: out after 55 s.
    const busy = predictNat({ profile: fifty, client: short, load: rate(1000) });
    expect(busy?.gatewayRunsOutAfterMs).toBe(55_000);
    expect(busy?.perHost).toBeUndefined();
    // 400/s stays below it: never.
    const calm = predictNat({ profile: fifty, client: short, load: rate(400) });
    expect(calm?.gatewayRunsOutAfterMs).toBeNull();
    // A pool of 1,000 per node is 50,000 open connections: fits; 1,200 per node is 60,000: does not.
    const fits = predictNat({
      profile: fifty,
      client: { kind: "pooled", connections: 1000 },
      load: rate(1000),
    });
    expect(fits?.exhaustedAtMs).toBeNull();
    const over = predictNat({
      profile: fifty,
      client: { kind: "pooled", connections: 1200 },
      load: { ...rate(1000), durationMs: 120_000, maxRequests: 1e9 },
    });
    expect(over?.exhaustedAtMs).toBe(55_000); // the pools open one connection per request until 55,000 are held
  });
});
