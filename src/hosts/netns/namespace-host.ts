import { basename, join } from "node:path";
import { compiledScript } from "../../core/compiled-script.js";
import { copyFresh } from "../../core/fresh-file.js";
import type { Host, HostRole } from "../../core/host.js";
import { applySysctls } from "../host-sysctls.js";

export interface WrappedCommand {
  readonly file: string;
  readonly args: string[];
}

/** A host of the netns driver: a network namespace with its addresses. */
export interface SandboxHost extends Host {
  readonly netns: string;
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

export function namespaceHost(
  role: HostRole,
  netns: string,
  addresses: readonly string[],
  name: string,
  captureInterface: string,
  /** The sandbox's own root-only directory: where a host's output files are made before they are copied out. */
  stateDir: string,
): SandboxHost {
  const wrap = (file: string, args: readonly string[]): WrappedCommand => ({
    file: "ip",
    args: ["netns", "exec", netns, file, ...args],
  });
  const host: SandboxHost = {
    name,
    role,
    netns,
    addresses,
    captureInterface,
    scratchDir: stateDir,
    wrap,
    command: ([file, ...args]) => wrap(file ?? "true", args),
    agentCommand: (args = []) => wrap(process.execPath, [compiledScript("agent/main.js"), ...args]),
    applySysctls: (sysctls, alsoRead) => applySysctls(host, sysctls, alsoRead),
    // Written (by root: tcpdump) into the sandbox's own directory, never straight into the run directory, where
    // a planted link could redirect it; then copied out as a fresh file.
    outputFile: (localPath) => {
      const pathInHost = join(stateDir, `${name}-${basename(localPath)}`);
      const collect = () =>
        copyFresh(pathInHost, localPath).then(
          () => undefined,
          () => undefined,
        );
      return { pathInHost, collect };
    },
  };
  return host;
}
