import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Everything portlab creates carries this prefix and a run id, so `portlab clean` finds leftovers by name. */
export const NAME_PREFIX = "portlab-";

export type HostRole = "client" | "server";

export function newSandboxId(): string {
  return randomBytes(4).toString("hex");
}

export function namespaceName(sandboxId: string, role: HostRole): string {
  return `${NAME_PREFIX}${sandboxId}-${role === "client" ? "c" : "s"}`;
}

/** Interface names are limited to 15 bytes (IFNAMSIZ), hence the short form. */
export function vethName(sandboxId: string, role: HostRole): string {
  return `pl${role === "client" ? "c" : "s"}${sandboxId}`;
}

export function sandboxTempDir(sandboxId: string): string {
  return join(tmpdir(), `${NAME_PREFIX}${sandboxId}`);
}

/** The sandbox id inside a portlab namespace, veth or temp-dir name, or null for anything else. */
export function sandboxIdOf(name: string): string | null {
  const match = /^(?:portlab-([0-9a-f]{8})(?:-[cs])?|pl[cs]([0-9a-f]{8}))$/.exec(name);
  return match ? (match[1] ?? match[2] ?? null) : null;
}
