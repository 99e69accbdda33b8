import type { Check } from "../core/check.js";
import { runCommand } from "../core/exec-file.js";
import { findTool } from "../core/find-tool.js";

/** How to tell that a tool on PATH is the one portlab runs and that it works: its version line. */
export interface ToolProbe {
  readonly tool: string;
  readonly aptPackage: string;
  readonly required: boolean;
  readonly why: string;
  readonly versionArgs: readonly string[];
  /** Its version output (stdout or stderr: nginx and wrk print there, wrk exits 1). */
  readonly version: RegExp;
}

/**
 * Present means found and answering with its own version line: a program of that name that does not (another
 * tool, a broken install) is reported as such, and `--fix` reinstalls its package.
 */
export async function toolCheck(probe: ToolProbe): Promise<Check> {
  const { tool, aptPackage, required, why } = probe;
  const path = findTool(tool);
  const base = { name: tool, required, aptPackage };
  if (path === null)
    return {
      ...base,
      ok: false,
      detail: `not found (${why})`,
      fix: `apt-get install ${aptPackage}  (or: portlab doctor --fix)`,
    };
  const output = await runCommand(path, probe.versionArgs, 5_000).then(
    (result) => `${result.stdout}${result.stderr}`,
    (error: unknown) =>
      `${(error as { stderr?: string }).stderr ?? ""}${error instanceof Error ? error.message : ""}`,
  );
  const version = probe.version.exec(output)?.[0];
  if (version === undefined)
    return {
      ...base,
      ok: false,
      detail: `${path} does not answer like ${tool} (${output.trim().split("\n")[0]?.slice(0, 80) || "no output"}) (${why})`,
      fix: `apt-get install --reinstall ${aptPackage}  (or: portlab doctor --fix)`,
      reinstall: true,
    };
  return { ...base, ok: true, detail: `${path}, ${version} (${why})`, fix: null };
}
