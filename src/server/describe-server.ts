import type { ServerSpec } from "../core/scenario.js";

export function describeServer(spec: ServerSpec): string {
  const program = spec.program;
  if (program.kind === "nginx") return "nginx";
  if (program.kind === "image") return `image ${program.image}`;
  return `command ${program.argv.join(" ")}`;
}
