import { environmentError } from "../core/errors.js";
import { findTool } from "../core/find-tool.js";

/** Before anything starts: the nginx the server host will run exists (otherwise its failure would read as a config error). */
export function requireNginx(binary: string): void {
  if (findTool(binary)) return;
  const where = binary.includes("/") ? `${binary} is not an executable file` : `no ${binary} on PATH`;
  throw environmentError(
    "NGINX_MISSING",
    `nginx is not installed (${where})`,
    "install it with: portlab doctor --fix",
  );
}
