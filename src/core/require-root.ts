import { environmentError } from "./errors.js";

/** Namespaces, veths and per-namespace sysctls need CAP_NET_ADMIN/CAP_SYS_ADMIN: in practice, root. */
export function requireRoot(): void {
  if (process.getuid?.() !== 0) {
    throw environmentError("NOT_ROOT", "portlab needs root to create network namespaces", "run it with sudo");
  }
}
