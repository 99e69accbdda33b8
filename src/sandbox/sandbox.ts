import type { HostRole } from "./names.js";

export interface WrappedCommand {
  readonly file: string;
  readonly args: string[];
}

/** One "host" of the lab: a network namespace with its addresses. */
export interface SandboxHost {
  readonly role: HostRole;
  readonly netns: string;
  readonly addresses: readonly string[];
  /** Rewrites a command so it runs inside this host. */
  wrap(file: string, args: readonly string[]): WrappedCommand;
}

/** Two hosts on one link (or one host over loopback), owned by one run and removed by its teardown. */
export interface Sandbox {
  readonly id: string;
  readonly tempDir: string;
  readonly client: SandboxHost;
  readonly server: SandboxHost;
}

export function namespaceHost(role: HostRole, netns: string, addresses: readonly string[]): SandboxHost {
  return {
    role,
    netns,
    addresses,
    wrap: (file, args) => ({ file: "ip", args: ["netns", "exec", netns, file, ...args] }),
  };
}
