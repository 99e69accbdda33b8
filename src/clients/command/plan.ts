import { basename } from "node:path";
import type { CommandClientSpec } from "../../core/scenario.js";
import type { ClientKindPlan } from "../../scenario/client-kind.js";
import { scenarioDefaults } from "../../scenario/defaults.js";
import { predictCommand } from "./command-prediction.js";
import { commandClientEntry } from "./schema.js";

const COMMAND_LABEL_CHARS = 40;

/**
 * `command(java -jar loadtest.jar)`: the program and its arguments, paths by their last part, cut to fit a table;
 * an image's name comes first (`command(my-loadtest:latest java …)`).
 */
function commandLabel(argv: readonly string[], image: string | null): string {
  const words = [...(image === null ? [] : [image]), ...argv]
    .map((word) => (word.includes("/") && !word.includes("://") ? basename(word) : word))
    .join(" ");
  const short = words.length > COMMAND_LABEL_CHARS ? `${words.slice(0, COMMAND_LABEL_CHARS - 1)}…` : words;
  return `command(${short})`;
}

/**
 * The user's own program (`kind: command`), run by the client host's agent in its `--program` form. It has no
 * bare-name form (it needs `run`), and no `nofile`: the program sets its own limits.
 */
export const commandClient: ClientKindPlan<CommandClientSpec, ReturnType<typeof commandClientEntry>> = {
  kind: "command",
  shorthand: false,
  entry: commandClientEntry,
  normalise: (raw) => ({
    kind: "command",
    image: raw.image ?? null,
    // Without run, an image runs its own entrypoint and command; without either, the rules name the fix.
    argv: raw.run ?? [],
    env: raw.env ?? {},
    errors: raw.errors ?? null,
    user: raw.user ?? null,
    expect:
      raw.expect === undefined
        ? null
        : raw.expect.kind === "short"
          ? { kind: "short", rate: raw.expect.rate, close: raw.expect.close ?? scenarioDefaults.close }
          : { kind: "pooled", connections: raw.expect.connections },
  }),
  flagKeys: ["errors"],
  variants: [],
  variant: () => null,
  agent: "--program",
  errors: (client) => (client.errors === "strace" ? "traced" : "unobserved"),
  predict: predictCommand,
  summaryFields: (client) => ({
    client: "command",
    closeMode: null,
    connections: null,
    nofile: null,
    command: client.argv,
    image: client.image,
  }),
  label: (fields) => commandLabel(fields.command ?? [], fields.image ?? null),
};
