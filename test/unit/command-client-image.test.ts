import { describe, expect, it } from "vitest";
import { checkDriverFit } from "../../src/engine/driver-fit.js";
import { planRuns } from "../../src/engine/plan.js";
import { scenarios } from "../../src/engine/scenarios.js";
import { netnsDriver } from "../../src/hosts/netns/netns-driver.js";
import { refusal } from "../support/refusal.js";

const parse = (yaml: string) => scenarios.parseText(yaml, "test.yaml");

function scenarioWith(client: string, driver = "docker"): string {
  return `name: own-image\nsandbox: { driver: ${driver} }\nclients:\n  - ${client}\n`;
}

/** The refusal of a scenario: its exit kind and message. */
function refused(yaml: string): { kind: string; message: string } {
  const error = refusal(() => parse(yaml));
  return { kind: error.kind, message: error.message };
}

describe("scenario: a command client's own image (clients[].image)", () => {
  it("reads the image with or without run, and its environment", () => {
    const scenario = parse(`name: own-image
sandbox: { driver: docker }
clients:
  - kind: command
    image: my-loadtest:latest
    run: [java, -cp, /app, ShortClient]
    env: { RATE: "400", THREADS: 4 }
  - { kind: command, image: registry.example/team/loadtest:1.2, user: root }
`);
    expect(scenario.clients).toEqual([
      {
        kind: "command",
        image: "my-loadtest:latest",
        argv: ["java", "-cp", "/app", "ShortClient"],
        env: { RATE: "400", THREADS: "4" },
        errors: null,
        expect: null,
        user: null,
      },
      {
        kind: "command",
        image: "registry.example/team/loadtest:1.2",
        argv: [],
        env: {},
        errors: null,
        expect: null,
        user: "root",
      },
    ]);
  });

  it("labels a run by its image and program", () => {
    const [withRun, alone] = planRuns(
      parse(
        `name: x\nsandbox: { driver: docker }\nclients:\n  - { kind: command, image: my-loadtest:latest, run: [java, -cp, /app, ShortClient] }\n  - { kind: command, image: my-loadtest:latest }\nprofiles: [narrow-range]\n`,
      ),
    );
    expect(withRun?.label.client).toBe("command(my-loadtest:latest java -cp app ShortCl…)");
    expect(alone?.label.client).toBe("command(my-loadtest:latest)");
  });

  it("is exit 2 under the netns driver, with the fix", () => {
    const { kind, message } = refused(scenarioWith("{ kind: command, image: my-loadtest:latest }", "netns"));
    expect(kind).toBe("invalid-input");
    expect(message).toContain("clients[0].image");
    expect(message).toContain("--driver docker");
  });

  it("the driver's fit check refuses it for a scenario made otherwise", () => {
    const scenario = parse(scenarioWith("{ kind: command, image: my-loadtest:latest }"));
    const error = refusal(() => checkDriverFit(scenario, netnsDriver));
    expect(error.code).toBe("DRIVER_CLIENT_IMAGE");
    expect(error.kind).toBe("invalid-input");
  });

  it("refuses a bad image name, naming the field", () => {
    for (const image of ['"My Image"', '"app;rm -rf /"', "UPPER:1", "42"]) {
      const { kind, message } = refused(scenarioWith(`{ kind: command, image: ${image} }`));
      expect(kind).toBe("invalid-input");
      expect(message).toContain("clients[0].image");
      expect(message).toContain("Docker image name");
    }
  });

  it("refuses run and env in forms it cannot use", () => {
    const cases: [string, string, string][] = [
      ["{ kind: command, image: my-loadtest:latest, run: java }", "clients[0].run", "list of program"],
      ["{ kind: command, image: my-loadtest:latest, run: [] }", "clients[0].run", "names no program"],
      ["{ kind: command, image: my-loadtest:latest, env: [RATE] }", "clients[0].env", "mapping"],
      [
        "{ kind: command, image: my-loadtest:latest, env: { PORTLAB_TARGET_URL: x } }",
        "clients[0].env",
        "set by portlab",
      ],
      ["{ kind: command }", "clients[0].run", "or give image"],
    ];
    for (const [client, path, words] of cases) {
      const { kind, message } = refused(scenarioWith(client));
      expect(kind, client).toBe("invalid-input");
      expect(message, client).toContain(path);
      expect(message, client).toContain(words);
    }
  });

  it("refuses errors: strace with an image, saying why", () => {
    const { message } = refused(scenarioWith("{ kind: command, image: my-loadtest:latest, errors: strace }"));
    expect(message).toContain("clients[0].errors");
    expect(message).toContain("strace is not available for a client image");
  });
});
