import { accessSync, constants } from "node:fs";
import { join } from "node:path";

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where a program is: a path is checked as given, a bare name is looked up on PATH and in the sbin
 * directories (ip and nginx live there, and a non-login PATH may lack them). Null when absent.
 */
export function findTool(tool: string): string | null {
  if (tool.includes("/")) return isExecutable(tool) ? tool : null;
  const searchPath = [...(process.env.PATH ?? "").split(":"), "/usr/sbin", "/sbin", "/usr/bin"].filter(
    Boolean,
  );
  for (const dir of searchPath) if (isExecutable(join(dir, tool))) return join(dir, tool);
  return null;
}
