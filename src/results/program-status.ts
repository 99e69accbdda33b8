import type { ProgramSummary } from "../core/run-summary.js";

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function ending(program: ProgramSummary): string {
  return program.exitCode !== null ? `exit ${program.exitCode}` : (program.signal ?? "ended");
}

/** A command client's end in a few words, for the table: `exit 0 at 3.2s`, `stopped at the bound: exit 0`, `killed at the bound`. */
export function programStatus(program: ProgramSummary): string {
  if (program.killed) return `killed at the ${program.stoppedBy === "interrupt" ? "interrupt" : "bound"}`;
  if (program.stoppedBy === "bound") return `stopped at the bound: ${ending(program)}`;
  if (program.stoppedBy === "interrupt") return `interrupted: ${ending(program)}`;
  return `${ending(program)} at ${seconds(program.exitedAtMs)}`;
}
