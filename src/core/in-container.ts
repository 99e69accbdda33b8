import { existsSync } from "node:fs";

/** True inside a Docker (/.dockerenv) or Podman (/run/.containerenv) container: the fixes doctor gives differ there. */
export function inContainer(): boolean {
  return existsSync("/.dockerenv") || existsSync("/run/.containerenv");
}

/** How portlab in a container reaches an engine: the socket, mounted as testcontainers does. */
export const SOCKET_MOUNT = "-v /var/run/docker.sock:/var/run/docker.sock";
