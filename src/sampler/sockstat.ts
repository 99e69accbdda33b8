/** The `TCP:` line of /proc/net/sockstat (per network namespace, except `alloc` and `mem`, which are global). */
export interface SockstatTcp {
  readonly tcpInuse: number;
  readonly tcpOrphan: number;
  /** TIME_WAIT sockets of this namespace. */
  readonly tw: number;
  readonly tcpAlloc: number;
  /** Pages of memory TCP uses (host-wide). */
  readonly tcpMemPages: number;
}

/** Parses `TCP: inuse 5 orphan 0 tw 4 alloc 17 mem 124`; a missing field reads as 0. */
export function parseSockstat(text: string): SockstatTcp {
  const fields = new Map<string, number>();
  const line = text.split("\n").find((candidate) => candidate.startsWith("TCP:"));
  if (line !== undefined) {
    const words = line.slice("TCP:".length).trim().split(/\s+/);
    for (let i = 0; i + 1 < words.length; i += 2) {
      const value = Number(words[i + 1]);
      if (Number.isFinite(value)) fields.set(words[i] as string, value);
    }
  }
  const field = (name: string): number => fields.get(name) ?? 0;
  return {
    tcpInuse: field("inuse"),
    tcpOrphan: field("orphan"),
    tw: field("tw"),
    tcpAlloc: field("alloc"),
    tcpMemPages: field("mem"),
  };
}
