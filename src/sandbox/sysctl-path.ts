const SYSCTL_NAME = /^net\.(ipv4|ipv6|core|netfilter)\.[a-z0-9_]+(\.[a-z0-9_]+)*$/;

export function isSysctlName(name: string): boolean {
  return SYSCTL_NAME.test(name);
}

/** `net.ipv4.tcp_tw_reuse` → `/proc/sys/net/ipv4/tcp_tw_reuse`; only names that cannot leave /proc/sys/net. */
export function sysctlPath(name: string): string {
  if (!isSysctlName(name)) throw new Error(`not a network sysctl name: ${JSON.stringify(name)}`);
  return `/proc/sys/${name.replaceAll(".", "/")}`;
}

/** The kernel prints multi-value sysctls with tabs; compare and store them with single spaces. */
export function normaliseSysctlValue(value: string): string {
  return value.trim().split(/\s+/).join(" ");
}
