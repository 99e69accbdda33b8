/**
 * Every code a PortlabError can carry, declared once with what it means, under its kind (which decides the exit
 * code). Scripts may match on a code, so a code is never renamed or reused for something else; docs/errors.md lists
 * them all (a unit test keeps it in step).
 */
export type ErrorKind = "invalid-input" | "environment" | "threshold" | "internal";

const codesByKind = {
  // invalid input (exit 2): nothing was created
  "invalid-input": {
    INVALID_SCENARIO:
      "the scenario (file, or the flags rewritten into it) breaks a rule; every problem is listed",
    INVALID_FLAGS: "a flag is unknown, malformed, or lacks the flag it needs",
    INVALID_SUBNET: "sandbox.subnet is not an IPv4 CIDR, or too small for the run's hosts",
    INVALID_PORT_RANGE: "a port range or reserved-port list is not ports 1-65535, low first",
    NGINX_OPTION: "a value portlab would write into nginx's configuration is unsafe or out of range",
    DRIVER_SERVER:
      "the server does not fit the driver: server.image needs docker, server.command needs netns",
    DRIVER_CLIENT_IMAGE:
      "a command client names an image (clients[].image), which only the docker driver runs",
    DRIVER_TOPOLOGY: "the hosts do not fit the driver: a NAT router (topology: nat) needs netns",
    INVALID_INTERVAL: "`inspect --interval` is not 100ms-60s",
    INVALID_PID: "`inspect --pid` is not a process id",
    INVALID_COUNT: "`inspect --count` is not 1-1000000",
    INVALID_NAT_PORTS: "`inspect --nat-ports` is not a number of ports from 1 to 1,048,576",
    INSPECT_NO_NETNS: "`inspect --netns` names no network namespace",
    INSPECT_NO_PROCESS: "`inspect --pid` names no running process",
    SUMMARY_NOT_FOUND: "`report`/`compare`: no summary.json at the path given",
    SUMMARY_INVALID:
      "`report`/`compare`: the file is not a portlab summary (not JSON, or a field breaks its schema); the field is named",
    NOTHING_TO_COMPARE: "`compare`: a summary has no runs, so there is nothing to compare",
    INVALID_TOLERANCE: "`compare --tolerance` is not a percentage",
    OUTPUT_PATH:
      "`--out`, `report DIR` or `--junit` names a link, someone else's directory, or (`--out`) one that is not empty without `--force`",
  },
  // environment (exit 3): this machine cannot do what was asked
  environment: {
    NOT_ROOT: "the command needs root (network namespaces)",
    MISSING_TOOL: "a program portlab runs (ip, docker, …) is not installed",
    CAPTURE: "tcpdump did not start in a host the scenario captures",
    SYSCTL_UNAVAILABLE:
      "this kernel lacks a kernel parameter a profile sets, or does not keep it per namespace",
    SYSCTL_REJECTED: "a host refused a kernel parameter or its value",
    NGINX_MISSING: "nginx is not installed (or not where PORTLAB_NGINX points)",
    NGINX_START: "nginx did not start (a port in use, a leftover run, …)",
    NGINX_CONFIG: "this nginx build rejected the configuration portlab wrote",
    SERVER_START: "the scenario's own server command could not be started",
    COMMAND_START:
      "the scenario's own client program could not be started in the client host (or strace is missing there)",
    SERVER_NOT_READY: "the server never accepted a connection within readyTimeout",
    AGENT_START: "portlab's agent in a host did not start or exited before it was ready",
    AGENT_VERSION:
      "the agent in a host speaks another protocol version (an image built from another portlab): rebuild the images",
    STAGE_TIMEOUT:
      "a stage of a run (hosts, parameters, server, agents, capture) outlived its time bound; the run tore down",
    RUN_DIRECTORY_WRITE:
      "cannot write the run directory (disk full, read-only, …); the run stops and tears down",
    JUNIT_WRITE_FAILED: "the `--junit` file cannot be written",
    CLEAN_FAILED:
      "`portlab clean` could not remove something a record names (the record stays for the next try)",
    TEARDOWN_FAILED:
      "a teardown step failed: what it would have removed may be left (`portlab clean` removes it)",
    INSPECT_NEEDS_ROOT: "inspecting another network namespace needs root",
    INSPECT_READER: "the reader inside the inspected namespace failed or could not start",
    INSPECT_TARGET_GONE: "the inspected namespace or process went away while reading",
  },
  // internal (exit 1): a bug in portlab; please report it with run.log
  internal: {
    AGENT_PROTOCOL: "an agent said something out of order",
    WORKER_FAILED: "the load in the client host failed",
    WORKER_EXITED: "the load agent exited before its final report",
    SAMPLER_MISUSE: "the sampler was started or stopped out of order",
    MODEL_INPUT: "the model was given an impossible input",
    FOREIGN_SCENARIO: "flags were applied to a scenario portlab did not make",
    PROFILE_VANISHED: "a profile the scenario named left the library",
    REPORT_ASSETS_MISSING: "the chart library for report.html is not installed",
  },
  // a failed threshold is not an error: `portlab run` and `compare` return 4 themselves
  threshold: {},
} as const satisfies Record<ErrorKind, Record<string, string>>;

/** The codes of one kind: `invalidInput` takes only invalid-input codes, and so on. */
export type ErrorCodeOf<K extends ErrorKind> = K extends ErrorKind
  ? keyof (typeof codesByKind)[K] & string
  : never;
export type ErrorCode = ErrorCodeOf<ErrorKind>;

export interface ErrorCodeEntry {
  readonly kind: ErrorKind;
  /** One line for the table in docs/errors.md. */
  readonly meaning: string;
}

export const errorCodes: Readonly<Record<ErrorCode, ErrorCodeEntry>> = Object.fromEntries(
  Object.entries(codesByKind).flatMap(([kind, codes]) =>
    Object.entries(codes).map(([code, meaning]) => [code, { kind: kind as ErrorKind, meaning }]),
  ),
) as Record<ErrorCode, ErrorCodeEntry>;
