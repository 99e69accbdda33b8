import { execFile } from "node:child_process";
import { environmentError } from "./errors.js";

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
}

export class CommandFailedError extends Error {
  constructor(
    readonly file: string,
    readonly args: readonly string[],
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(`${file} ${args.join(" ")} failed (exit ${exitCode}): ${stderr.trim()}`);
    this.name = "CommandFailedError";
  }
}

/** Runs a program with an argument array (never a shell), with a timeout; rejects with the program's stderr. */
export function runCommand(
  file: string,
  args: readonly string[],
  timeoutMs = 10_000,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve({ stdout, stderr });
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        return reject(
          environmentError(
            "MISSING_TOOL",
            `${file} is not installed`,
            "install it with: portlab doctor --fix",
          ),
        );
      }
      const exitCode = typeof error.code === "number" ? error.code : null;
      reject(new CommandFailedError(file, args, stderr || error.message, exitCode));
    });
  });
}
