import type { NatSpec, Sysctls } from "./profile.js";
import type { ServerSpec } from "./scenario.js";
import type { TeardownStack } from "./teardown-stack.js";

export type HostRole = "client" | "server" | "router";

/** What a topology needs to start the run's server. */
export interface ServerLaunch {
  readonly spec: ServerSpec;
  /** Every port the server must answer on (nginx listens on several for `more-destinations`). */
  readonly ports: readonly number[];
  /** nginx binary for the netns driver (a test hook); resolved through PATH inside the host. */
  readonly nginxBinary?: string;
}

export interface HostCommand {
  readonly file: string;
  readonly args: readonly string[];
}

/** One machine of the lab: a network namespace of its own, made by a driver. */
export interface Host {
  /** Its name in samples and logs: client, server, router, or client-1, client-2, … */
  readonly name: string;
  readonly role: HostRole;
  readonly addresses: readonly string[];
  /** Rewrites argv so it runs inside the host (`ip netns exec NS …`, `docker exec -i C …`). */
  command(argv: readonly string[]): HostCommand;
  /** The agent program inside the host, with `args` (its path differs: this machine's dist/ or the image's). */
  agentCommand(args?: readonly string[]): HostCommand;
  /**
   * Puts the profile's parameters in force and returns what reads back inside the host (plus `alsoRead`).
   * netns writes them through the agent; docker gave them to the container when it made it and checks them.
   */
  applySysctls(sysctls: Sysctls, alsoRead: readonly string[]): Promise<Record<string, string>>;
  /**
   * A root-only directory of the sandbox on this machine's file system, removed with the sandbox (and by `portlab
   * clean`), for the agent's scratch files (strace's FIFO). netns only: a container's own /tmp goes with it.
   */
  readonly scratchDir?: string;
  /** The interface a packet capture listens on (the host's link; `any` when not known). */
  readonly captureInterface?: string;
  /**
   * A file a process inside the host writes, to end up at `localPath` on the runner's machine: netns hosts share
   * its file system (the same path); a container writes inside itself and `collect` copies it out.
   */
  outputFile?(localPath: string): HostFile;
  /**
   * Runs a client image in this host's network namespace for its bound, its stdout and stderr to `onOutput`;
   * `stop` ends it early. Only a driver that declares clientImages gives its client hosts this.
   */
  runImage?(
    program: ImageProgram,
    onOutput: (bytes: Buffer) => void,
    stop: AbortSignal,
  ): Promise<ImageProgramEnd>;
}

/** A command client's own image, run as a container in a host's network namespace (docker driver). */
export interface ImageProgram {
  readonly image: string;
  /** Replaces the image's entrypoint and command; empty: the image's own. */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** `user: root`: as root; null: the image's own USER, or nobody when that is root. */
  readonly user: "root" | null;
  /** Its bound: SIGTERM then, SIGKILL `graceMs` later. */
  readonly durationMs: number;
  readonly graceMs: number;
}

/** How a client image's container ended: its exit code is the program's (it is the container's own process). */
export interface ImageProgramEnd {
  /** Why it could not start (the engine refused it), or null. */
  readonly startError: string | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly exitedAtMs: number;
  readonly stoppedBy: "bound" | "interrupt" | null;
  readonly stopSignal: "SIGTERM" | "SIGKILL" | null;
}

export interface HostFile {
  /** Where the process inside the host writes it. */
  readonly pathInHost: string;
  /** Brings it to the local path; never rejects (a missing file is left missing). */
  collect(): Promise<void>;
}

/** A server running in the server host, ready to be loaded. */
export interface RunningServer {
  /** What it is, for the log: nginx, image my-service:latest, command ./server. */
  readonly description: string;
  readonly address: string;
  readonly ports: readonly number[];
  /** Copies its logs into the run directory (`<name>-<run>.log`); never rejects. */
  collectLogs(directory: string, run: number): Promise<void>;
}

/** What the driver makes for one run. */
interface TopologyOptions {
  readonly subnet: string;
  /**
   * The client host runs strace for a command client (`errors: strace`). strace -D attaches to its own parent:
   * plain containers allow that (and under Yama's ptrace_scope=1 strace grants itself the right with
   * PR_SET_PTRACER), but ptrace_scope=2 lets only CAP_SYS_PTRACE attach, so the docker driver adds that one
   * capability to the client container for such a run, and only then.
   */
  readonly tracesClient?: boolean;
}

/** What the driver makes for one run: a client and a server host on one link (or one host over loopback)… */
export interface LinkedHostsSpec extends TopologyOptions {
  /** `loopback`: one namespace, client and server over 127.0.0.1. */
  readonly shape: "veth" | "loopback";
  /** Source addresses of the client host. */
  readonly clientAddresses: number;
  /** Parameters each role's hosts start with (docker can only set them when it makes a container). */
  readonly sysctls: { readonly client: Sysctls; readonly server: Sysctls };
}

/** …or client hosts behind a NAT router, then the server. */
export interface NatHostsSpec extends TopologyOptions {
  readonly shape: "nat";
  /** How many client hosts, and the ports the router masquerades them to. */
  readonly nat: NatSpec;
  readonly sysctls: { readonly client: Sysctls; readonly server: Sysctls; readonly router: Sysctls };
}

export type TopologySpec = LinkedHostsSpec | NatHostsSpec;

/** The hosts of one run, owned by it and removed by its teardown. */
export interface Topology {
  /** Run id carried by every name and label the driver creates (`portlab clean` finds leftovers by it). */
  readonly id: string;
  /** A private temp dir of the run on the runner's machine. */
  readonly tempDir: string;
  readonly hosts: readonly Host[];
  readonly clients: readonly Host[];
  readonly server: Host;
  /** The NAT router between the clients and the server (shape `nat`). */
  readonly router?: Host;
  /** Starts the server in the server host; its stop is registered on `teardown` before it starts. */
  startServer(launch: ServerLaunch, teardown: TeardownStack): Promise<RunningServer>;
}

/** A host's role is its name without the "-N" of several hosts of one kind ("client-2" → "client"). */
export function roleOf(hostName: string): string {
  return hostName.replace(/-\d+$/, "");
}
