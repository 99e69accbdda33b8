import type { HostRole } from "../../core/host.js";
import { NAME_PREFIX } from "../../core/run-id.js";

/**
 * `portlab-<id>-c`, `-s`, `-r`; the client hosts behind a NAT router are numbered: `-c1`, `-c2`, …
 * (`index` 1-based, omitted for the one client host of a two-host sandbox).
 */
export function namespaceName(sandboxId: string, role: HostRole, index?: number): string {
  return `${NAME_PREFIX}${sandboxId}-${role[0]}${index ?? ""}`;
}

/**
 * One end of a link: `c` client, `s` server, `r` the router's server-facing end, `b` the router's end of a
 * client's link (a port of its bridge, or the bridge itself without an index). Interface names are limited
 * to 15 bytes (IFNAMSIZ), hence the short form `pl<end><id><index>`.
 */
export type LinkEnd = "c" | "s" | "r" | "b";

export function vethName(sandboxId: string, end: LinkEnd | "client" | "server", index?: number): string {
  const letter = end === "client" ? "c" : end === "server" ? "s" : end;
  return `pl${letter}${sandboxId}${index ?? ""}`;
}

const NAMESPACE = /^portlab-([0-9a-f]{8})(?:-(?:c\d{0,2}|s|r))?$/;
const LINK = /^pl[bcrs]([0-9a-f]{8})\d{0,2}$/;

/** The sandbox id inside a portlab namespace, link or temp-dir name, or null for anything else. */
export function sandboxIdOf(name: string): string | null {
  return NAMESPACE.exec(name)?.[1] ?? LINK.exec(name)?.[1] ?? null;
}

/** Whether a link name is one portlab makes (for links a killed run may have left in this namespace). */
export function isPortlabLink(name: string): boolean {
  return LINK.test(name);
}
