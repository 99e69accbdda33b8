import { readdirSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPortlabError, type PortlabError } from "../../src/core/errors.js";
import { scenarios } from "../../src/engine/scenarios.js";
import { getProfile } from "../../src/kernel/profile-library.js";
import { scenarioLimits } from "../../src/scenario/index.js";
import { refusal } from "../support/refusal.js";

describe("parseScenarioText", () => {
  it("fills every default into a minimal scenario", () => {
    const scenario = scenarios.parseText("name: minimal\n", "minimal.yaml");
    expect(scenario).toEqual({
      name: "minimal",
      description: "",
      sandbox: { driver: "netns", subnet: "198.18.0.0/24" },
      thresholds: [],
      compare: { tolerance: null, metrics: {} },
      capture: null,
      server: {
        program: { kind: "nginx" },
        readyTimeoutMs: 30_000,
        port: 80,
        workers: 1,
        keepaliveTimeoutS: 60,
        keepaliveRequests: 1_000_000,
        backlog: 4096,
        bodyBytes: 2,
      },
      load: {
        mode: "rate",
        rate: 2000,
        rampFromRate: null,
        rampMs: 0,
        durationMs: 10_000,
        maxRequests: 22_000,
        requestTimeoutMs: 2000,
        maxInFlight: 5000,
      },
      clients: [
        { kind: "short", close: "client-first" },
        { kind: "pooled", connections: 16 },
      ],
      profiles: [getProfile("narrow-range")],
    });
  });

  it("reads your own server: an image under docker, a command under netns", () => {
    const image = scenarios.parseText(
      "name: own\nsandbox: { driver: docker }\nserver: { image: my-service:latest, port: 8080, env: { JAVA_OPTS: -Xmx256m, N: 2 }, readyTimeout: 45s }\n",
      "own.yaml",
    );
    expect(image.server.program).toEqual({
      kind: "image",
      image: "my-service:latest",
      env: { JAVA_OPTS: "-Xmx256m", N: "2" },
    });
    expect(image.server.readyTimeoutMs).toBe(45_000);
    const command = scenarios.parseText(
      'name: own\nserver: { command: [./server, --port, "8080"], port: 8080 }\n',
      "own.yaml",
    );
    expect(command.server.program).toEqual({
      kind: "command",
      argv: ["./server", "--port", "8080"],
      env: {},
      user: null,
    });
    const asRoot = scenarios.parseText(
      "name: own\nserver: { command: [./server], user: root }\n",
      "own.yaml",
    );
    expect(asRoot.server.program).toMatchObject({ kind: "command", user: "root" });
    expect(() => scenarios.parseText("name: own\nserver: { user: root }\n", "own.yaml")).toThrow(
      /server\.user: applies to server\.command only/,
    );
    // No shell for the server either.
    expect(() =>
      scenarios.parseText('name: own\nserver: { command: [bash, -c, "./server & sleep 1"] }\n', "own.yaml"),
    ).toThrow(/server\.command: runs text through bash -c: .*command: \[\.\/my-server\.sh\]/);
  });

  it("reads the full format: shorthands, ramps, durations, inline profiles", () => {
    const scenario = scenarios.parseText(
      `name: short-vs-pooled
description: one line
load: { rate: 1000, rampFrom: 100, ramp: 2s, duration: 1.5m, timeout: 1500ms, maxInFlight: 300 }
clients:
  - short
  - { kind: short, close: server-first }
  - { kind: pooled, connections: 8 }
  - { kind: autocannon }
profiles:
  - linux-default
  - name: my-tuning
    extends: narrow-range
    explanation: reuse on
    client: { sysctls: { tcp_tw_reuse: 1, net.ipv4.ip_local_port_range: "30000    30999" }, sourceAddresses: 2 }
    server: { sysctls: { net.core.somaxconn: 4096 }, listenPorts: 4 }
server: { port: 8080, workers: 2, keepaliveTimeout: 75, keepaliveRequests: 100, backlog: 511, bodyBytes: 64 }
sandbox: { subnet: 198.19.4.0/29 }
`,
      "full.yaml",
    );
    expect(scenario.load).toEqual({
      mode: "rate",
      rate: 1000,
      rampFromRate: 100,
      rampMs: 2000,
      durationMs: 90_000,
      maxRequests: 99_000,
      requestTimeoutMs: 1500,
      maxInFlight: 300,
    });
    expect(scenario.clients).toEqual([
      { kind: "short", close: "client-first" },
      { kind: "short", close: "server-first" },
      { kind: "pooled", connections: 8 },
      { kind: "autocannon", connections: 16 },
    ]);
    expect(scenario.profiles[1]).toEqual({
      name: "my-tuning",
      explanation: "reuse on",
      topology: "veth",
      // short names expanded, the inline value replaces the library's, spacing normalised
      client: {
        sysctls: { "net.ipv4.ip_local_port_range": "30000 30999", "net.ipv4.tcp_tw_reuse": "1" },
        sourceAddresses: 2,
      },
      server: { sysctls: { "net.core.somaxconn": "4096" }, listenPorts: 4 },
      ifUnavailable: "refuse",
    });
    expect(scenario.server).toEqual({
      program: { kind: "nginx" },
      readyTimeoutMs: 30_000,
      port: 8080,
      workers: 2,
      keepaliveTimeoutS: 75,
      keepaliveRequests: 100,
      backlog: 511,
      bodyBytes: 64,
    });
    expect(scenario.sandbox.subnet).toBe("198.19.4.0/29");
  });

  it("describes closed-loop load without the open-loop fields", () => {
    const scenario = scenarios.parseText(
      "name: closed\nload: { concurrency: 64, duration: 5 }\n",
      "closed.yaml",
    );
    expect(scenario.load).toEqual({
      mode: "concurrency",
      concurrency: 64,
      durationMs: 5000,
      maxRequests: scenarioLimits.maxRequests,
      requestTimeoutMs: 2000,
    });
  });

  it("inherits the library profile's explanation and sysctls through extends", () => {
    const scenario = scenarios.parseText(
      "name: x\nprofiles:\n  - { name: mine, extends: narrow-range, client: { sysctls: { tcp_fin_timeout: 30 } } }\n",
      "x.yaml",
    );
    const library = getProfile("narrow-range");
    expect(scenario.profiles[0]?.explanation).toBe(library?.explanation);
    expect(scenario.profiles[0]?.client.sysctls).toEqual({
      ...library?.client.sysctls,
      "net.ipv4.tcp_fin_timeout": "30",
    });
  });

  it("returns a deeply frozen scenario", () => {
    const scenario = scenarios.parseText("name: frozen\n", "frozen.yaml");
    expect(Object.isFrozen(scenario)).toBe(true);
    expect(Object.isFrozen(scenario.load)).toBe(true);
    expect(Object.isFrozen(scenario.clients[0])).toBe(true);
    expect(Object.isFrozen(scenario.profiles[0]?.client.sysctls)).toBe(true);
    expect(() => {
      (scenario.load as { durationMs: number }).durationMs = 1;
    }).toThrow(TypeError);
    // Resolved library profiles are copies: freezing them leaves the library untouched.
    expect(Object.isFrozen(getProfile("narrow-range"))).toBe(false);
  });

  it("lists every problem, one per line, as source:line:col: path: message", () => {
    const error = refusal(() =>
      scenarios.parseText(
        "name: x\nload:\n  rate: 0\n  duration: 1 hour\nclients: [shrt]\nserver: { port: 70000 }\n",
        "bad.yaml",
      ),
    );
    expect(error.message.split("\n")).toEqual([
      "bad.yaml:3:3: load.rate: must be a positive number of requests per second, e.g. 2000 (got 0)",
      'bad.yaml:4:3: load.duration: must be a duration such as "10s" ("1500ms", "2m", or a number of seconds), got the text "1 hour"',
      'bad.yaml:5:11: clients[0]: must be short, pooled, autocannon or fetch, or a mapping such as { kind: pooled, connections: 16 }, got the text "shrt"',
      "bad.yaml:6:11: server.port: must be at most 65535 (got 70000)",
    ]);
    expect(error.hint).toContain("portlab.schema.json");
  });

  it("enforces the sane limits unless unbounded is passed explicitly", () => {
    const big = "name: big\nload: { rate: 150000, duration: 20m, maxRequests: 300000000 }\n";
    const error = refusal(() => scenarios.parseText(big, "big.yaml"));
    expect(error.message).toContain("load.rate: 150000 is over the limit of 100000 requests per second");
    expect(error.message).toContain("load.duration: 20m is over the limit of 10m");
    expect(error.message).toContain("load.maxRequests: 300000000 is over the limit");
    const flagged = refusal(() => scenarios.parseText(big, "big.yaml", { unboundedFlag: "--unbounded" }));
    expect(flagged.message).toContain("lift the limits explicitly with --unbounded");
    const scenario = scenarios.parseText(big, "big.yaml", { unbounded: true });
    expect(scenario.load).toMatchObject({ rate: 150_000, durationMs: 1_200_000, maxRequests: 300_000_000 });
  });

  it("refuses a port range below 1024 even when unbounded", () => {
    const error = refusal(() =>
      scenarios.parseText(
        'name: x\nprofiles: [{ name: p, extends: linux-default, client: { sysctls: { ip_local_port_range: "1000 2000" } } }]\n',
        "x.yaml",
        { unbounded: true },
      ),
    );
    expect(error.message).toContain("must stay within 1024..65535");
  });

  it("checks cross-field rules once the fields are valid, and lists all of those too", () => {
    const error = refusal(() =>
      scenarios.parseText(
        "name: x\nclients: [pooled, { kind: pooled, connections: 16 }]\nprofiles: [linux-default, linux-default]\n",
        "x.yaml",
      ),
    );
    expect(error.message.split("\n")).toEqual([
      'x.yaml:3:27: profiles[1]: profile "linux-default" is listed twice (also profiles[0]); each profile runs once, so give each a different name',
      "x.yaml:2:19: clients[1]: is the same client as clients[0]; remove one",
    ]);
  });
});

describe("loadScenarioFile", () => {
  let directory = "";
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "portlab-scenario-"));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const refusedFile = async (path: string) => {
    const error = await scenarios.loadFile(path).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(isPortlabError(error)).toBe(true);
    const portlabError = error as PortlabError;
    expect(portlabError.kind).toBe("invalid-input");
    expect(portlabError.message.split("\n")).toHaveLength(1);
    return portlabError.message;
  };

  it("names each file problem in one line", async () => {
    expect(await refusedFile(join(directory, "missing.yaml"))).toBe(
      `${join(directory, "missing.yaml")}: no such file`,
    );
    const sub = join(directory, "a-directory.yaml");
    await mkdir(sub);
    expect(await refusedFile(sub)).toBe(`${sub}: is a directory, not a scenario file`);
    const huge = join(directory, "huge.yaml");
    await writeFile(huge, `name: huge\ndescription: ${"x".repeat(1024 * 1024)}\n`);
    expect(await refusedFile(huge)).toContain("larger than 1 MiB");
    expect(await refusedFile("/dev/null")).toContain("is not a regular file");
  });

  it("refuses oversized text handed to parseScenarioText too", () => {
    const error = refusal(() => scenarios.parseText(`name: x\n# ${"y".repeat(1024 * 1024)}\n`, "big.yaml"));
    expect(error.message).toBe("big.yaml: is larger than 1 MiB; a scenario is a short YAML file");
  });

  it("accepts every shipped scenario", async () => {
    const shipped = join(import.meta.dirname, "..", "..", "scenarios");
    const files = readdirSync(shipped).filter((file) => file.endsWith(".yaml"));
    for (const file of files) {
      const scenario = await scenarios.loadFile(join(shipped, file));
      expect(scenario.name).toMatch(/^[a-z0-9-]+$/);
    }
  });

  it("defaultScenario is a valid, frozen scenario", () => {
    const scenario = scenarios.defaults();
    expect(scenario.name).toBe("default");
    expect(scenario.load.mode).toBe("rate");
    expect(Object.isFrozen(scenario.profiles)).toBe(true);
  });
});
