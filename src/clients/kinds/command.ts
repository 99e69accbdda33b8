import type { CommandClientSpec } from "../../scenario/types.js";
import { predictCommand } from "../command/command-prediction.js";
import type { ClientKind } from "./types.js";

/** The user's own program (`kind: command`), run by the client host's agent in its `--program` form. */
export const commandClient: ClientKind<CommandClientSpec> = {
  kind: "command",
  agent: "--program",
  errors: (client) => (client.errors === "strace" ? "traced" : "unobserved"),
  predict: predictCommand,
  summaryFields: (client) => ({
    client: "command",
    closeMode: null,
    connections: null,
    nofile: null,
    command: client.argv,
  }),
};
