import { describe, expect, it } from "vitest";
import type { ScenarioClient } from "../../src/core/scenario.js";
import { scenarios } from "../../src/engine/scenarios.js";
import { getProfile } from "../../src/kernel/profile-library.js";
import type { ScenarioFlags } from "../../src/scenario/index.js";
import { refusal } from "../support/refusal.js";

const explanationOf = (name: string) => JSON.stringify(getProfile(name)?.explanation);

describe("applyFlags: one way a run is described", () => {
  it("no flags and no file is the default scenario", () => {
    expect(scenarios.applyFlags(null, {})).toEqual(scenarios.defaults());
  });

  it("a flags-only run equals the same run written as a file", () => {
    const flags: ScenarioFlags = {
      client: "pooled",
      connections: 32,
      rate: 3000,
      duration: "5s",
      portRange: "30000-30999",
      sysctl: ["tcp_tw_reuse=1", "net.ipv4.tcp_fin_timeout = 30"],
      profile: ["linux-default", "narrow-range"],
    };
    const suffix = " (flags: ip_local_port_range=30000 30999, tcp_tw_reuse=1, tcp_fin_timeout=30)";
    const profileYaml = (name: string) => `
  - name: ${name}
    extends: ${name}
    explanation: ${JSON.stringify(JSON.parse(explanationOf(name)) + suffix)}
    client: { sysctls: { ip_local_port_range: "30000 30999", tcp_tw_reuse: 1, tcp_fin_timeout: 30 } }`;
    const file = `name: default
description: short and pooled clients against 1,000 ephemeral ports
load: { rate: 3000, duration: 5s }
clients: [{ kind: pooled, connections: 32 }]
profiles:${profileYaml("linux-default")}${profileYaml("narrow-range")}
`;
    const fromFlags = scenarios.applyFlags(null, flags);
    expect(fromFlags).toEqual(scenarios.parseText(file, "same-run.yaml"));
    expect(fromFlags.profiles[1]?.client.sysctls).toEqual({
      "net.ipv4.ip_local_port_range": "30000 30999",
      "net.ipv4.tcp_tw_reuse": "1",
      "net.ipv4.tcp_fin_timeout": "30",
    });
  });

  it("a closed-loop flags-only run equals its file too", () => {
    const fromFlags = scenarios.applyFlags(null, {
      client: "short",
      close: "server-first",
      concurrency: 8,
      duration: "3s",
      profile: ["linux-default"],
    });
    const file = `name: default
description: short and pooled clients against 1,000 ephemeral ports
load: { concurrency: 8, duration: 3s }
clients: [{ kind: short, close: server-first }]
profiles: [linux-default]
`;
    expect(fromFlags).toEqual(scenarios.parseText(file, "closed.yaml"));
    expect(fromFlags.load.mode).toBe("concurrency");
  });

  it("flags override the file and leave the rest of it alone", () => {
    const base = scenarios.parseText(
      `name: from-file
load: { rate: 500, rampFrom: 50, ramp: 1s, duration: 20s, maxInFlight: 100 }
clients: [short, { kind: pooled, connections: 4 }, { kind: autocannon, connections: 2 }]
profiles:
  - linux-default
  - { name: mine, extends: narrow-range, client: { sysctls: { tcp_tw_reuse: 1 } } }
server: { port: 8080 }
`,
      "file.yaml",
    );
    expect(scenarios.applyFlags(base, {})).toEqual(base);

    const faster = scenarios.applyFlags(base, { rate: 900, connections: 8, close: "reset" });
    expect(faster.load).toMatchObject({
      mode: "rate",
      rate: 900,
      rampFromRate: 50,
      rampMs: 1000,
      durationMs: 20_000,
      maxInFlight: 100,
    });
    expect(faster.load.maxRequests).toBe(19_800); // derived again from the new rate
    expect(faster.clients).toEqual([
      { kind: "short", close: "reset" },
      { kind: "pooled", connections: 8 },
      { kind: "autocannon", connections: 8 },
    ]);
    expect(faster.server.port).toBe(8080);

    // --concurrency switches the loop mode and drops the open-loop-only keys of the file.
    const closed = scenarios.applyFlags(base, {
      concurrency: 16,
      profile: ["mine"],
      sysctl: ["net.ipv4.tcp_tw_reuse=0"],
    });
    expect(closed.load).toMatchObject({ mode: "concurrency", concurrency: 16, durationMs: 20_000 });
    expect(closed.profiles.map((profile) => profile.name)).toEqual(["mine"]);
    expect(closed.profiles[0]?.client.sysctls["net.ipv4.tcp_tw_reuse"]).toBe("0");
    expect(closed.profiles[0]?.client.sysctls["net.ipv4.ip_local_port_range"]).toBe("40000 40999");

    // Flags can be applied again to a flags result.
    expect(scenarios.applyFlags(closed, { duration: "1m" }).load.durationMs).toBe(60_000);
  });

  it("names the flag in every problem it caused, together with the file's own problems", () => {
    const error = refusal(() =>
      scenarios.applyFlags(null, {
        rate: Number.NaN,
        duration: "forever",
        portRange: "50000-40000",
        sysctl: ["$(touch /tmp/x)=1", "tcp_fin_timeout", "tcp_tw_reuse=1;reboot"],
        profile: ["narow-range"],
        client: "pooled",
        close: "reset",
      }),
    );
    const lines = error.message.split("\n");
    expect(lines).toContain("--close: applies to --client short only (who closes a short connection first)");
    expect(lines).toContain(
      "--rate: must be a positive number of requests per second, e.g. 2000 (got number NaN)",
    );
    expect(lines).toContain(
      '--duration: must be a duration such as "10s" ("1500ms", "2m", or a number of seconds), got the text "forever"',
    );
    expect(lines).toContain(
      '--port-range: port range "50000 40000" is inverted: LOW must be <= HIGH, e.g. "40000 50000"',
    );
    expect(lines).toContain(
      '--sysctl: must be NAME=VALUE, e.g. net.ipv4.tcp_tw_reuse=1, got "tcp_fin_timeout"',
    );
    expect(
      lines.some((line) => line.startsWith('--sysctl: "$(touch /tmp/x)" is not an allowed sysctl name')),
    ).toBe(true);
    expect(lines.some((line) => line.startsWith('--sysctl: "1;reboot" is not allowed'))).toBe(true);
    expect(
      lines.some((line) =>
        line.startsWith(
          '--profile: unknown profile "narow-range" (did you mean "narrow-range"?); known profiles: linux-default',
        ),
      ),
    ).toBe(true);
    expect(lines.every((line) => line.startsWith("--"))).toBe(true);
    expect(error.kind).toBe("invalid-input");
    expect(error.code).toBe("INVALID_SCENARIO");
  });

  it("refuses flags that have nothing to apply to, and limits like a file", () => {
    const pooledOnly = scenarios.parseText("name: pool\nclients: [pooled]\n", "pool.yaml");
    expect(refusal(() => scenarios.applyFlags(pooledOnly, { close: "reset" })).message).toBe(
      "--close: the scenario has no short client to apply it to; add --client short",
    );
    expect(refusal(() => scenarios.applyFlags(null, { client: "short", connections: 4 })).message).toBe(
      "--connections: applies to --client pooled, autocannon or fetch only (the pool size)",
    );
    expect(refusal(() => scenarios.applyFlags(null, { rate: 10, concurrency: 4 })).message).toBe(
      "--concurrency: give either rate (open loop) or concurrency (closed loop), not both",
    );
    expect(refusal(() => scenarios.applyFlags(null, { duration: "2h" })).message).toContain(
      "--duration: 2h is over the limit of 10m",
    );
    expect(scenarios.applyFlags(null, { duration: "2h" }, { unbounded: true }).load.durationMs).toBe(
      7_200_000,
    );
    expect(
      refusal(() => scenarios.applyFlags(null, { client: "telnet" as ScenarioFlags["client"] })).message,
    ).toBe('--client: must be short, pooled, autocannon, fetch or command, got the text "telnet"');
  });

  it("refuses a scenario that did not come from this module", () => {
    const copy = { ...scenarios.defaults() };
    const error = refusal(() => scenarios.applyFlags(copy, { rate: 10 }));
    expect(error.kind).toBe("internal");
  });
});

describe("close mode leak and the client's nofile", () => {
  it("--close leak --nofile 1024 is the same run as the file that says so", () => {
    const fromFlags = scenarios.applyFlags(null, { client: "short", close: "leak", nofile: 1024 });
    const file = scenarios.parseText(
      "name: default\ndescription: short and pooled clients against 1,000 ephemeral ports\nclients: [{ kind: short, close: leak, nofile: 1024 }]\n",
      "leak.yaml",
    );
    expect(fromFlags).toEqual(file);
    expect(fromFlags.clients).toEqual([{ kind: "short", close: "leak", nofile: 1024 }]);
  });

  it("--nofile alone applies to every client of the scenario", () => {
    const scenario = scenarios.applyFlags(null, { nofile: 4096 });
    const nofileOf = (client: ScenarioClient) => ("nofile" in client ? client.nofile : undefined);
    expect(scenario.clients.map(nofileOf)).toEqual([4096, 4096]);
    expect(scenarios.applyFlags(null, {}).clients.every((client) => nofileOf(client) === undefined)).toBe(
      true,
    );
  });

  it("refuses a nofile Node cannot run under or the kernel cannot give", () => {
    for (const nofile of [8, 1.5, 2_000_000]) {
      expect(refusal(() => scenarios.applyFlags(null, { nofile })).message).toMatch(
        /--nofile: must be a whole number of open files from 64 to 1048576/,
      );
    }
  });
});
