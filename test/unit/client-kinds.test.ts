import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { clientLabel } from "../../src/clients/client-label.js";
import { clientKinds } from "../../src/clients/registry.js";
import { clientFields } from "../../src/engine/build-run-summary.js";
import { scenarios } from "../../src/engine/scenarios.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Every module a source file imports, statically or with import(), followed through src/. */
function importedModules(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    const specifiers = text.matchAll(
      /^(?:import|export) (?!type )[^;]*?from "(\.[^"]+)"|import\("(\.[^"]+)"\)/gm,
    );
    for (const [, stat, dynamic] of specifiers)
      visit(resolve(dirname(file), (stat ?? dynamic ?? "").replace(/\.js$/, ".ts")));
  };
  visit(resolve(root, entry));
  return new Set([...seen].map((file) => relative(root, file)));
}

describe("the client-kind registry", () => {
  it("lists each kind once, in the order scenarios and messages name them", () => {
    expect(clientKinds.all.map((kind) => kind.kind)).toEqual([
      "short",
      "pooled",
      "autocannon",
      "fetch",
      "command",
    ]);
  });

  it("gives every client of a scenario its own kind, label and threshold names", () => {
    const scenario = scenarios.parseText(
      "name: kinds\nclients: [short, { kind: short, close: leak, nofile: 1024 }, pooled, { kind: autocannon, connections: 4 }, { kind: command, run: [java, -jar, /opt/loadtest.jar] }]",
      "kinds.yaml",
    );
    expect(scenario.clients.map((client) => clientKinds.of(client).kind)).toEqual(
      scenario.clients.map((client) => client.kind),
    );
    expect(scenario.clients.map((client) => clientLabel(clientFields(client)))).toEqual([
      "short/client-first",
      "short/leak nofile=1024",
      "pooled(16)",
      "autocannon(4)",
      "command(java -jar loadtest.jar)",
    ]);
    expect(scenario.clients.map((client) => clientKinds.thresholdNames(client))).toEqual([
      ["short", "short/client-first"],
      ["short", "short/leak"],
      ["pooled"],
      ["autocannon"],
      ["command"],
    ]);
  });

  it("is not loaded by the agent: each agent form imports only what it runs, each kind's run half no plan", () => {
    const agent = [...importedModules("src/agent/main.ts")];
    // Both load-agent forms are followed: the client worker (--load) and the program runner (--program).
    expect(agent).toEqual(
      expect.arrayContaining(["src/clients/worker/run-worker.ts", "src/clients/command/run-program.ts"]),
    );
    const planning = (module: string) =>
      module === "src/clients/registry.ts" ||
      /^src\/clients\/(.+\/)?plan\.ts$/.test(module) ||
      module.startsWith("src/scenario/");
    expect(agent.filter(planning)).toEqual([]);
    // The worker loads a kind's run half by name (clients/<kind>/run.ts); none of them brings a plan along.
    for (const kind of clientKinds.all.filter((entry) => entry.agent === "--load")) {
      const run = [...importedModules(`src/clients/${kind.kind}/run.ts`)];
      expect(run.filter(planning), kind.kind).toEqual([]);
    }
    // The walk does find the registry where it is imported.
    expect([...importedModules("src/engine/scenarios.ts")]).toContain("src/clients/registry.ts");
    // And the scenario module never imports it: the registry is given to it.
    expect(
      [...importedModules("src/scenario/index.ts")].filter((module) => module.startsWith("src/clients/")),
    ).toEqual([]);
  });
});
