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
