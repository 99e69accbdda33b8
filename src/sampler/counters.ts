/** TcpExt counters (/proc/net/netstat) worth watching for port exhaustion and TIME_WAIT handling. */
export const TRACKED_TCP_EXT_COUNTERS = [
  "TW",
  "TWRecycled",
  "TWKilled",
  "TCPTimeWaitOverflow",
  "PAWSActive",
  "PAWSEstab",
  "PAWSTimewait",
  "TCPSynRetrans",
  "TCPACKSkippedTimeWait",
] as const;

/** Tcp counters (/proc/net/snmp). Exhaustion failures happen before ActiveOpens, so clients count those. */
export const TRACKED_TCP_COUNTERS = [
  "ActiveOpens",
  "PassiveOpens",
  "AttemptFails",
  "EstabResets",
  "OutRsts",
  "RetransSegs",
] as const;

export type CounterMap = Readonly<Record<string, number>>;

/**
 * Parses one section of /proc/net/netstat or /proc/net/snmp: a `Section: Name Name …` header line
 * followed by a `Section: value value …` line. Names without a numeric value are left out.
 */
export function parseCounterSection(text: string, section: string): Record<string, number> {
  const prefix = `${section}:`;
  const lines = text.split("\n");
  const counters: Record<string, number> = {};
  for (let i = 0; i + 1 < lines.length; i++) {
    const header = lines[i] as string;
    const values = lines[i + 1] as string;
    if (!header.startsWith(prefix) || !values.startsWith(prefix)) continue;
    const names = header.slice(prefix.length).trim().split(/\s+/);
    const numbers = values.slice(prefix.length).trim().split(/\s+/);
    names.forEach((name, index) => {
      const value = Number(numbers[index]);
      if (name !== "" && numbers[index] !== undefined && Number.isFinite(value)) counters[name] = value;
    });
    i++;
  }
  return counters;
}

/** The tracked TcpExt and Tcp counters present in this kernel's files (absent ones are left out). */
export function selectTrackedCounters(netstatText: string, snmpText: string): Record<string, number> {
  const tcpExt = parseCounterSection(netstatText, "TcpExt");
  const tcp = parseCounterSection(snmpText, "Tcp");
  const selected: Record<string, number> = {};
  for (const name of TRACKED_TCP_EXT_COUNTERS) if (tcpExt[name] !== undefined) selected[name] = tcpExt[name];
  for (const name of TRACKED_TCP_COUNTERS) if (tcp[name] !== undefined) selected[name] = tcp[name];
  return selected;
}

/** next - previous per counter; counters missing on either side, or that went backwards (reset), are skipped. */
export function counterDeltas(previous: CounterMap, next: CounterMap): Record<string, number> {
  const deltas: Record<string, number> = {};
  for (const [name, value] of Object.entries(next)) {
    const before = previous[name];
    if (before === undefined || !Number.isFinite(before) || !Number.isFinite(value) || value < before)
      continue;
    deltas[name] = value - before;
  }
  return deltas;
}

/** Per-second deltas over `seconds` (> 0); with one-second ticks the values stay integers. */
export function counterRates(
  previous: CounterMap,
  next: CounterMap,
  seconds: number,
): Record<string, number> {
  if (!(seconds > 0)) return {};
  const deltas = counterDeltas(previous, next);
  if (seconds === 1) return deltas;
  for (const name of Object.keys(deltas)) deltas[name] = (deltas[name] as number) / seconds;
  return deltas;
}
