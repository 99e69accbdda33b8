import type { CompareSpec } from "./compare-spec.js";
import type { CloseMode } from "./connection.js";
import type { Profile } from "./profile.js";

/**
 * One of portlab's own clients, as its kind normalised it: `kind` names the folder of clients/ that defines it
 * (its plan and run halves, and its own fields beside these). Every one may set its worker's open-file limit
 * (RLIMIT_NOFILE); absent: the limit it inherits.
 */
export interface ClientSpec {
  readonly kind: string;
  readonly nofile?: number;
}

/** What a command client says about how it connects, so the model can predict it like portlab's own client. */
export type CommandExpectation =
  | { readonly kind: "short"; readonly close: CloseMode; readonly rate: number }
  | { readonly kind: "pooled"; readonly connections: number };

/** The user's own client program (`kind: command`), started inside the client host; never through a shell. */
export interface CommandClientSpec {
  readonly kind: "command";
  /** Its own image (docker driver): the program runs as a container of it in the client host; null: in the host. */
  readonly image: string | null;
  /** The program and its arguments; empty only with an image (then its own entrypoint and command). */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** How its failed connect() calls are observed: `strace`, or null (not observed). */
  readonly errors: "strace" | null;
  /** null: no prediction (portlab cannot know how the program connects). */
  readonly expect: CommandExpectation | null;
  /** `user: root`: it runs as root; null: as the sudo user, else nobody (program-user.ts). */
  readonly user: "root" | null;
}

/** A client a scenario lists: one of portlab's own (ClientSpec) or the user's program. */
export type ScenarioClient = ClientSpec | CommandClientSpec;

/** The user's program (ClientSpec's kind is any string, so `kind` alone does not narrow). */
export function isCommandClient(client: ScenarioClient): client is CommandClientSpec {
  return client.kind === "command" && "argv" in client;
}

/** A command client's own image (clients[].image), or null. */
export function clientImageOf(client: ScenarioClient): string | null {
  return isCommandClient(client) ? client.image : null;
}

/** Open loop (arrival rate, the default: exhaustion depends on rate) or closed loop (concurrency). */
export type LoadSpec =
  | {
      readonly mode: "rate";
      /** New requests per second once any ramp is over. */
      readonly rate: number;
      /** Rate at the start of the ramp; null means no ramp. */
      readonly rampFromRate: number | null;
      readonly rampMs: number;
      readonly durationMs: number;
      readonly maxRequests: number;
      readonly requestTimeoutMs: number;
      /** Requests in flight at most; past it a scheduled request is counted as dropped. */
      readonly maxInFlight: number;
    }
  | {
      readonly mode: "concurrency";
      readonly concurrency: number;
      readonly durationMs: number;
      readonly maxRequests: number;
      readonly requestTimeoutMs: number;
    };

/** What runs in the server host: portlab's nginx (the default), the user's image (docker) or program (netns). */
export type ServerProgram =
  | { readonly kind: "nginx" }
  | { readonly kind: "image"; readonly image: string; readonly env: Readonly<Record<string, string>> }
  | {
      readonly kind: "command";
      readonly argv: readonly string[];
      readonly env: Readonly<Record<string, string>>;
      /** `user: root`: it runs as root; null: as the sudo user, else nobody (program-user.ts). */
      readonly user: "root" | null;
    };

export interface ServerSpec {
  readonly program: ServerProgram;
  /** First port the server listens on; nginx listens on `listenPorts` consecutive ports (profiles may raise it). */
  readonly port: number;
  /** A TCP connect to the server must succeed within this, or the run stops (exit 3) with its log's tail. */
  readonly readyTimeoutMs: number;
  readonly workers: number;
  readonly keepaliveTimeoutS: number;
  readonly keepaliveRequests: number;
  readonly backlog: number;
  readonly bodyBytes: number;
}

export interface SandboxSpec {
  /** The driver that makes the hosts (hosts/registry.ts lists them). */
  readonly driver: string;
  /** Link subnet for the sandbox hosts (IPv4 CIDR, /16 to /29); defaults to a slice of 198.18.0.0/15 (RFC 2544). */
  readonly subnet: string;
}

export type CaptureRole = "client" | "server" | "router";

/** tcpdump inside the hosts of these roles during each run, bounded. */
export interface CaptureSpec {
  readonly roles: readonly CaptureRole[];
  /** Most packets per file. */
  readonly packets: number;
  /** Most bytes per file. */
  readonly bytes: number;
  /** Bytes kept of each packet: the headers only. */
  readonly snapLength: number;
}

/** A CI check on the runs it matches; null fields match or check nothing. */
export interface Threshold {
  readonly profile: string | null;
  /** A client kind, or `short/<close mode>`. */
  readonly client: string | null;
  /** true: the runs must run out of ports; false: they must not. */
  readonly exhausted: boolean | null;
  readonly minOkPerSec: number | null;
  readonly maxFailed: number | null;
}

/** The immutable, validated description of what a run does. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly sandbox: SandboxSpec;
  readonly server: ServerSpec;
  readonly load: LoadSpec;
  readonly clients: readonly ScenarioClient[];
  /** Resolved profiles (library entries and inline ones), in run order. */
  readonly profiles: readonly Profile[];
  readonly thresholds: readonly Threshold[];
  /** Tolerances `portlab compare --scenario` applies; empty when the file has no `compare:` section. */
  readonly compare: CompareSpec;
  /** Packet capture in each run; null when the scenario asks for none. */
  readonly capture: CaptureSpec | null;
}
