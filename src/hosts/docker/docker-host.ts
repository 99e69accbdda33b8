import { basename, join } from "node:path";
import { runCommand } from "../../core/exec-file.js";
import { copyFresh } from "../../core/fresh-file.js";
import type { Host, HostRole } from "../../core/host.js";
import { applySysctls } from "../host-sysctls.js";
import { type ClientImageContext, runClientImage } from "./docker-program.js";
import { IMAGE_AGENT } from "./images.js";

/** A host of the docker driver: a running container of the portlab image (its network namespace is the host). */
export function containerHost(
  name: string,
  role: HostRole,
  container: string,
  addresses: readonly string[],
  /** The sandbox's own root-only directory. */
  stateDir: string,
  /** A client host: where a client image's container is recorded and removed. */
  clientImage?: Omit<ClientImageContext, "hostContainer">,
): Host {
  const exec = (argv: readonly string[]) => ({ file: "docker", args: ["exec", "-i", container, ...argv] });
  const host: Host = {
    name,
    role,
    addresses,
    command: exec,
    agentCommand: (args = []) => exec(["node", IMAGE_AGENT, ...args]),
    // The container got the parameters as --sysctl when it was made (/proc/sys is read-only inside): check them.
    applySysctls: (sysctls, alsoRead) => applySysctls(host, sysctls, alsoRead, { write: false }),
    captureInterface: "eth0",
    // Written inside the container, copied out before the container goes: into the sandbox's own directory
    // (docker cp follows what is at its destination), then into the run directory as a fresh file.
    outputFile: (localPath) => {
      const pathInHost = `/tmp/${basename(localPath)}`;
      const copied = join(stateDir, `${name}-${basename(localPath)}`);
      return {
        pathInHost,
        collect: () =>
          runCommand("docker", ["cp", `${container}:${pathInHost}`, copied], 60_000).then(
            () =>
              copyFresh(copied, localPath).then(
                () => undefined,
                () => undefined,
              ),
            () => undefined,
          ),
      };
    },
    ...(clientImage === undefined
      ? {}
      : {
          runImage: (program, onOutput, stop) =>
            runClientImage({ ...clientImage, hostContainer: container }, program, onOutput, stop),
        }),
  };
  return host;
}
