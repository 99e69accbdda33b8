import { describe, expect, it } from "vitest";
import { NO_EXPECTATION } from "../../src/clients/command/command-prediction.js";
import { planRuns } from "../../src/engine/plan.js";
import { scenarios } from "../../src/engine/scenarios.js";
import { predictRun } from "../../src/kernel/model.js";
import { refusal } from "../support/refusal.js";

const parse = (yaml: string) => scenarios.parseText(yaml, "test.yaml");
const refused = (yaml: string) => refusal(() => parse(yaml)).message;

describe("scenario: a command client", () => {
  it("reads the program, its environment, strace errors and what it says of itself", () => {
    const scenario = parse(`name: own-client
clients:
  - kind: command
    run: [java, -jar, loadtest.jar]
    env: { JAVA_OPTS: -Xmx512m, THREADS: 16 }
    errors: strace
    expect: { kind: short, rate: 400 }
  - { kind: command, run: [./wrk-target.sh], expect: { kind: pooled, connections: 16 }, user: root }
`);
    expect(scenario.clients).toEqual([
      {
        kind: "command",
        image: null,
        argv: ["java", "-jar", "loadtest.jar"],
        env: { JAVA_OPTS: "-Xmx512m", THREADS: "16" },
        errors: "strace",
        expect: { kind: "short", rate: 400, close: "client-first" },
        user: null,
      },
      {
        kind: "command",
        image: null,
        argv: ["./wrk-target.sh"],
        env: {},
        errors: null,
        expect: { kind: "pooled", connections: 16 },
        user: "root",
      },
    ]);
  });

  it("refuses a user other than root, naming the field", () => {
    const message = refused("name: x\nclients: [{ kind: command, run: [./x], user: admin }]\n");
    expect(message).toContain("clients[0].user");
    expect(message).toContain("must be root");
  });

  it("--client-command is the same client as the file's, split like a shell splits it", () => {
    const fromFlags = scenarios.applyFlags(null, {
      clientCommand: "wrk -t1 -c16 -d10s -H 'Connection: close' http://198.18.0.1/",
      clientErrors: "strace",
    });
    const fromFile = parse(`name: default
description: short and pooled clients against 1,000 ephemeral ports
clients:
  - kind: command
    run: [wrk, -t1, -c16, -d10s, -H, "Connection: close", "http://198.18.0.1/"]
    errors: strace
`);
    expect(fromFlags).toEqual(fromFile);
  });

  it("refuses what it cannot run as given, naming the field or the flag", () => {
    expect(refused("name: x\nclients: [{ kind: command }]")).toContain(
      "clients[0].run: must be a list of program and arguments such as [java, -jar, loadtest.jar] (or give image:",
    );
    expect(refused("name: x\nclients: [{ kind: command, run: [] }]")).toContain("it names no program");
    expect(refused('name: x\nclients: [{ kind: command, run: [sh, -c, "curl x"] }]')).toContain(
      "clients[0].run: runs text through sh -c: portlab never hands scenario values to a shell",
    );
    expect(
      refused("name: x\nclients: [{ kind: command, run: [a], env: { PORTLAB_TARGET_URL: http://x/ } }]"),
    ).toContain("clients[0].env.PORTLAB_TARGET_URL: is set by portlab");
    expect(refused("name: x\nclients: [{ kind: command, run: [a], errors: ptrace }]")).toContain(
      'clients[0].errors: must be strace (failed connect() calls seen by strace), or left out (not observed), got the text "ptrace"',
    );
    expect(refused("name: x\nclients: [{ kind: command, run: [a], expect: { kind: short } }]")).toContain(
      "clients[0].expect.rate: must be a positive number of new connections per second, e.g. 400",
    );
    expect(refused("name: x\nclients: [{ kind: command, run: [a], program: b }]")).toContain(
      'unknown key "program"',
    );
    expect(refusal(() => scenarios.applyFlags(null, { clientCommand: "java -jar 'x.jar" })).message).toBe(
      "--client-command: has an unbalanced ' (opened at character 11)",
    );
    expect(refusal(() => scenarios.applyFlags(null, { clientCommand: "a", client: "short" })).message).toBe(
      "--client-command: replaces the clients, like --client: give one of them",
    );
    expect(refusal(() => scenarios.applyFlags(null, { clientErrors: "strace" })).message).toBe(
      "--client-errors: applies to a command client only; add --client-command",
    );
  });

  it("refuses thresholds on what a command client's run does not observe", () => {
    const base = "name: x\nclients: [{ kind: command, run: [a] }, short]\nthresholds:\n";
    expect(refused(`${base}  - { client: command, maxFailed: 0 }`)).toContain(
      "thresholds[0].maxFailed: judges a command client, whose requests portlab does not observe",
    );
    expect(refused(`${base}  - { minOkPerSec: 10 }`)).toContain(
      "thresholds[0].minOkPerSec: judges a command client",
    );
    expect(refused(`${base}  - { client: command, exhausted: true }`)).toContain(
      "thresholds[0].exhausted: judges a command client whose errors are not observed; give that client errors: strace",
    );
    const traced = parse(
      "name: x\nclients: [{ kind: command, run: [a], errors: strace }]\nthresholds: [{ client: command, exhausted: true }]",
    );
    expect(traced.thresholds).toHaveLength(1);
  });

  it("is planned with its label, and predicted only from what it says of itself", () => {
    const [silent, said] = planRuns(
      parse(`name: x
load: { duration: 7s }
clients:
  - { kind: command, run: [/usr/bin/node, /srv/new-connection-per-request.mjs] }
  - { kind: command, run: [node, client.mjs], expect: { kind: short, rate: 200 } }
profiles: [more-source-ips]
`),
    );
    expect(silent?.label.client).toBe("command(node new-connection-per-request.mjs)");
    expect(silent?.prediction).toBeNull();
    expect(silent?.noPredictionReason).toBe(NO_EXPECTATION);
    expect(said?.label.client).toBe("command(node client.mjs)");
    // Like short/client-first at its own rate, from one source address: the program binds none of the profile's four.
    expect(said?.prediction).toMatchObject({
      exhaustedAtMs: 5000,
      errno: "EADDRNOTAVAIL",
      usablePorts: 1000,
    });
    expect(said?.prediction?.portSpace).toBe(1000);
    expect(said?.topology.tracesClient).toBe(false);
  });

  it("predicts like portlab's own short client at the same rate", () => {
    const scenario = parse(`name: x
load: { rate: 300, duration: 10s }
clients: [short, { kind: command, run: [c], errors: strace, expect: { kind: short, rate: 300 } }]
profiles: [narrow-range]
`);
    const [own, command] = planRuns(scenario);
    expect(command?.prediction).toEqual(own?.prediction);
    expect(command?.topology.tracesClient).toBe(true);
    const direct = predictRun({
      sysctls: {},
      profile: scenario.profiles[0] as (typeof scenario.profiles)[number],
      client: { kind: "short", close: "client-first" },
      load: scenario.load,
    });
    expect(command?.prediction?.exhaustedAtMs).toBe(direct.exhaustedAtMs);
  });

  it("is in the editor JSON Schema", () => {
    const text = JSON.stringify(scenarios.jsonSchema());
    expect(text).toContain('"const":"command"');
    expect(text).toContain("never through a shell");
  });
});
