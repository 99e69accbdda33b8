/** Kernel parameters by dotted name (`net.ipv4.tcp_tw_reuse`), values as the kernel prints them. */
export type Sysctls = Readonly<Record<string, string>>;

/** A named set of kernel parameters and topology choices that one run applies. */
export interface Profile {
  readonly name: string;
  /** One line, shown in the comparison table and the README: what this profile shows. */
  readonly explanation: string;
  /** `veth`: client and server namespaces on a veth pair. `loopback`: both in one namespace over 127.0.0.1. */
  readonly topology: "veth" | "loopback";
  readonly client: {
    readonly sysctls: Sysctls;
    /** How many source addresses the client host uses (horizontal scaling). */
    readonly sourceAddresses: number;
  };
  readonly server: {
    readonly sysctls: Sysctls;
    /** How many consecutive ports nginx listens on (the 4-tuple rule multiplies the port space). */
    readonly listenPorts: number;
  };
  /**
   * When this kernel lacks one of the sysctls: `refuse` stops before anything starts (exit 3),
   * `report` keeps the row in the table as "not on this kernel" with the reason.
   */
  readonly ifUnavailable: "refuse" | "report";
}
