import type { ServerSpec } from "../scenario/types.js";

/** What a topology needs to start the run's server. */
export interface ServerLaunch {
  readonly spec: ServerSpec;
  /** Every port the server must answer on (nginx listens on several for `more-destinations`). */
  readonly ports: readonly number[];
  /** nginx binary for the netns driver (a test hook); resolved through PATH inside the host. */
  readonly nginxBinary?: string;
}

export function describeServer(spec: ServerSpec): string {
  const program = spec.program;
  if (program.kind === "nginx") return "nginx";
  if (program.kind === "image") return `image ${program.image}`;
  return `command ${program.argv.join(" ")}`;
}
