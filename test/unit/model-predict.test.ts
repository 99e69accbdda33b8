import { describe, expect, it } from "vitest";
import type { ConnectionPattern } from "../../src/core/connection.js";
import { isPortlabError } from "../../src/core/errors.js";
import type { Profile } from "../../src/core/profile.js";
import type { LoadSpec } from "../../src/core/scenario.js";
import { deviation, formatMs, type PredictRunInput, predictRun } from "../../src/kernel/model.js";
import { getProfile } from "../../src/kernel/profile-library.js";

function profile(name: string): Profile {
  const found = getProfile(name);
  if (!found) throw new Error(`no profile ${name}`);
  return found;
}

function rate(perSecond: number, durationMs = 10_000): LoadSpec {
  return {
    mode: "rate",
    rate: perSecond,
    rampFromRate: null,
    rampMs: 0,
    durationMs,
    maxRequests: 1_000_000,
    requestTimeoutMs: 2_000,
    maxInFlight: 1_000,
  };
}

const short: ConnectionPattern = { kind: "short", close: "client-first" };

/** What the sandbox reads back inside the client host after applying a profile (Linux 6.18). */
function readBack(p: Profile): Record<string, string> {
  return {
    "net.ipv4.ip_local_port_range": "32768 60999",
    "net.ipv4.ip_local_reserved_ports": "",
    "net.ipv4.tcp_tw_reuse": "2",
    "net.ipv4.tcp_tw_reuse_delay": "1000",
    "net.ipv4.tcp_timestamps": "1",
    "net.ipv4.tcp_max_tw_buckets": "131072",
    ...p.client.sysctls,
  };
}

function predict(name: string, load: LoadSpec, extra: Partial<PredictRunInput> = {}) {
  const p = profile(name);
  return predictRun({ sysctls: readBack(p), profile: p, client: short, load, ...extra });
}

describe("predictRun, short client-first", () => {
  it("linux-default: 28,232 ports at 2,000/s run out after 14.1 s; ~463 conn/s sustainable", () => {
    const prediction = predict("linux-default", rate(2_000, 20_000));
    expect(prediction.usablePorts).toBe(28_232);
    expect(prediction.cycleMs).toBe(61_001);
    expect(prediction.sustainableRate).toBeCloseTo(462.81, 2);
    expect(prediction.exhaustedAtMs).toBe(14_116);
    expect(predict("linux-default", rate(2_000, 10_000)).exhaustedAtMs).toBeNull();
  });

  it("narrow-range: 1,000 ports at 2,000/s → first EADDRNOTAVAIL after 500 ms", () => {
    const prediction = predict("narrow-range", rate(2_000));
    expect(prediction).toMatchObject({
      usablePorts: 1_000,
      portSpace: 1_000,
      exhaustedAtMs: 500,
      errno: "EADDRNOTAVAIL",
    });
    expect(prediction.reason).toBe(
      "1,000 ports / 2,000 req/s → first EADDRNOTAVAIL after 500 ms; 1,000 / 61 s ≈ 16 conn/s sustainable (TIME_WAIT holds a port 61 s)",
    );
  });

  it("wide-range: 64,512 ports sustain ~1,058 conn/s", () => {
    expect(predict("wide-range", rate(2_000, 60_000))).toMatchObject({
      usablePorts: 64_512,
      exhaustedAtMs: 32_256,
    });
    expect(predict("wide-range", rate(2_000)).sustainableRate).toBeCloseTo(1_057.56, 1);
  });

  it("tw-reuse: cycle L + 1 s, so 500/s never exhausts 1,000 ports and 2,000/s does after 500 ms", () => {
    const calm = predict("tw-reuse", rate(500));
    expect(calm.cycleMs).toBe(1_001);
    expect(calm.sustainableRate).toBeCloseTo(999.0, 1);
    expect(calm.exhaustedAtMs).toBeNull();
    expect(calm.reason).toContain("no exhaustion in this run");
    expect(predict("tw-reuse", rate(2_000)).exhaustedAtMs).toBe(500);
  });

  it("tw-reuse needs timestamps at both ends", () => {
    expect(predict("tw-reuse-no-timestamps", rate(500)).exhaustedAtMs).toBe(2_000);
    const serverOff = predict("tw-reuse", rate(500), { serverSysctls: { "net.ipv4.tcp_timestamps": "0" } });
    expect(serverOff.cycleMs).toBe(61_001);
    expect(serverOff.exhaustedAtMs).toBe(2_000);
  });

  it("tw-reuse-fast: tcp_tw_reuse_delay=100 → cycle 101 ms, ~9,901 conn/s", () => {
    const prediction = predict("tw-reuse-fast", rate(5_000));
    expect(prediction.cycleMs).toBe(101);
    expect(prediction.sustainableRate).toBeCloseTo(9_900.99, 1);
    expect(prediction.exhaustedAtMs).toBeNull();
  });

  it("fin-timeout-short changes nothing: same 500 ms as narrow-range", () => {
    expect(predict("fin-timeout-short", rate(2_000)).exhaustedAtMs).toBe(500);
  });

  it("max-tw-buckets-small: TIME_WAIT capped at 256 < 1,000 ports → never", () => {
    const prediction = predict("max-tw-buckets-small", rate(2_000));
    expect(prediction.exhaustedAtMs).toBeNull();
    expect(prediction.sustainableRate).toBe(744_000);
    expect(prediction.reason).toContain("TIME_WAIT capped at 256, so (1,000 − 256) / 1 ms ≈ 744,000 conn/s");
  });

  it("loopback: the default tcp_tw_reuse=2 reuses, so 500/s never exhausts", () => {
    const prediction = predict("loopback", rate(500));
    expect(prediction.cycleMs).toBe(1_001);
    expect(prediction.exhaustedAtMs).toBeNull();
  });

  it("more-source-ips: 4 × 1,000 ports, bind-before-connect → EADDRINUSE after 2 s, and no tw_reuse", () => {
    const prediction = predict("more-source-ips", rate(2_000));
    expect(prediction).toMatchObject({
      usablePorts: 1_000,
      portSpace: 4_000,
      exhaustedAtMs: 2_000,
      errno: "EADDRINUSE",
    });
    const p = profile("more-source-ips");
    const withReuse = {
      ...p,
      client: { ...p.client, sysctls: { ...p.client.sysctls, "net.ipv4.tcp_tw_reuse": "1" } },
    };
    const reuse = predictRun({
      sysctls: readBack(withReuse),
      profile: withReuse,
      client: short,
      load: rate(2_000),
    });
    expect(reuse.cycleMs).toBe(61_001);
  });

  it("more-destinations: the 4-tuple rule gives 4,000 ports → EADDRNOTAVAIL after 2 s", () => {
    expect(predict("more-destinations", rate(2_000))).toMatchObject({
      portSpace: 4_000,
      exhaustedAtMs: 2_000,
      errno: "EADDRNOTAVAIL",
    });
  });

  it("subtracts reserved ports read back and bound ports", () => {
    const p = profile("narrow-range");
    const sysctls = { ...readBack(p), "net.ipv4.ip_local_reserved_ports": "40000-40010,40500" };
    const prediction = predictRun({ sysctls, profile: p, client: short, load: rate(2_000), boundPorts: 188 });
    expect(prediction.usablePorts).toBe(800);
    expect(prediction.exhaustedAtMs).toBe(400);
    expect(predict("narrow-range", rate(2_000), { reservedPorts: 500 }).usablePorts).toBe(500);
  });

  it("predicts a ramp by integrating the rate: 0 → 2,000/s over 1 s exhausts 1,000 ports at 1 s", () => {
    const ramp: LoadSpec = { ...rate(2_000), rampFromRate: 0, rampMs: 1_000 } as LoadSpec;
    expect(predict("narrow-range", ramp).exhaustedAtMs).toBe(1_000);
  });

  it("closed loop: sustainable rate only", () => {
    const load: LoadSpec = {
      mode: "concurrency",
      concurrency: 50,
      durationMs: 10_000,
      maxRequests: 100_000,
      requestTimeoutMs: 2_000,
    };
    const prediction = predict("narrow-range", load);
    expect(prediction.exhaustedAtMs).toBeNull();
    expect(prediction.sustainableRate).toBeCloseTo(16.39, 2);
    expect(prediction.reason).toMatch(/^closed loop/);
  });

  it("rejects a lifetime that is not positive", () => {
    try {
      predict("narrow-range", rate(2_000), { connectionLifetimeMs: 0 });
      expect.unreachable();
    } catch (error) {
      expect(isPortlabError(error) && error.code).toBe("MODEL_INPUT");
    }
  });
});

describe("predictRun, other close modes and clients", () => {
  it("server-first and reset leave no TIME_WAIT on the client: the cycle is only L", () => {
    for (const close of ["server-first", "reset"] as const) {
      const prediction = predict("narrow-range", rate(2_000), { client: { kind: "short", close } });
      expect(prediction.cycleMs, close).toBe(1);
      expect(prediction.exhaustedAtMs, close).toBeNull();
    }
    const slow = predict("narrow-range", rate(2_000), {
      client: { kind: "short", close: "reset" },
      connectionLifetimeMs: 600,
    });
    expect(slow.exhaustedAtMs).toBe(500);
  });

  it("a pool holds N ports for good: never, unless N exceeds the port space", () => {
    const pooled = predict("narrow-range", rate(2_000), { client: { kind: "pooled", connections: 100 } });
    expect(pooled).toMatchObject({ cycleMs: null, sustainableRate: null, exhaustedAtMs: null });
    const huge = predict("narrow-range", rate(1_000), { client: { kind: "pooled", connections: 2_000 } });
    expect(huge.exhaustedAtMs).toBe(1_000);
  });
});

describe("deviation", () => {
  it("is the signed fraction of the prediction", () => {
    expect(deviation(550, 500)).toBeCloseTo(0.1, 10);
    expect(deviation(450, 500)).toBeCloseTo(-0.1, 10);
    expect(deviation(null, null)).toBe(0);
    expect(deviation(500, null)).toBeNull();
    expect(deviation(null, 500)).toBeNull();
    expect(deviation(0, 0)).toBe(0);
  });

  it("formats durations for the reason line", () => {
    expect(formatMs(61_001)).toBe("61 s");
    expect(formatMs(1_500)).toBe("1.5 s");
    expect(formatMs(101)).toBe("101 ms");
  });
});

describe("predictRun, short leak (the client never closes)", () => {
  const leak: ConnectionPattern = { kind: "short", close: "leak" };

  it("holds every port for good: exhausted after P / r like client-first, and 0 conn/s sustainable", () => {
    const prediction = predict("narrow-range", rate(2_000), { client: leak });
    expect(prediction).toMatchObject({
      exhaustedAtMs: 500,
      sustainableRate: 0,
      cycleMs: null,
      errno: "EADDRNOTAVAIL",
    });
    expect(prediction.reason).toMatch(/CLOSE_WAIT/);
    // Below P / T, where client-first never runs out, a leak does: 1,000 ports at 15/s after 66.7 s.
    expect(predict("narrow-range", rate(15, 70_000), { client: short }).exhaustedAtMs).toBeNull();
    expect(predict("narrow-range", rate(15, 70_000), { client: leak }).exhaustedAtMs).toBe(66_667);
  });

  it("runs out of descriptors first under a nofile below the ports: EMFILE after (nofile − ~20) / r", () => {
    const prediction = predict("narrow-range", rate(100), { client: { ...leak, nofile: 220 } });
    expect(prediction).toMatchObject({ errno: "EMFILE", exhaustedAtMs: 2_000, sustainableRate: 0 });
    expect(predict("narrow-range", rate(100), { client: { ...leak, nofile: 65_536 } }).errno).toBe(
      "EADDRNOTAVAIL",
    );
  });

  it("a closed loop says after how many requests, not when", () => {
    const closed: LoadSpec = {
      mode: "concurrency",
      concurrency: 8,
      durationMs: 10_000,
      maxRequests: 100_000,
      requestTimeoutMs: 2_000,
    };
    const prediction = predict("narrow-range", closed, { client: leak });
    expect(prediction.exhaustedAtMs).toBeNull();
    expect(prediction.reason).toMatch(/after 1,000 requests/);
  });
});
