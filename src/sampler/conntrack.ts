/**
 * Conntrack statistics of a network namespace, from /proc/<pid>/net/stat/nf_conntrack: a header line of column
 * names, then one row per CPU of 8-digit hex values. Every column is a per-CPU counter except `entries`, which
 * is the namespace's entry count (nf_conntrack_count, the value /proc/sys/net/netfilter/nf_conntrack_count
 * shows), repeated on every row.
 */

/** The counters portlab reports for a NAT router, by the kernel's names. */
export const TRACKED_CONNTRACK_COUNTERS = ["found", "insert_failed", "drop", "early_drop"] as const;

export interface ConntrackStats {
  /** Per-CPU counters summed, by column name. */
  readonly counters: Record<string, number>;
  /** Entries in the table now (not summed: the same on every row). */
  readonly entries: number;
}

export function parseConntrackStats(text: string): ConntrackStats | null {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const names = lines[0]?.trim().split(/\s+/) ?? [];
  if (!names.includes("entries")) return null;
  const counters: Record<string, number> = {};
  let entries = 0;
  for (const [row, line] of lines.slice(1).entries()) {
    const values = line.trim().split(/\s+/);
    names.forEach((name, column) => {
      const value = Number.parseInt(values[column] ?? "", 16);
      if (!Number.isFinite(value)) return;
      if (name === "entries") {
        if (row === 0) entries = value;
      } else counters[name] = (counters[name] ?? 0) + value;
    });
  }
  return { counters, entries };
}

/** The tracked counters of a parsed file (absent columns left out). */
export function selectConntrackCounters(stats: ConntrackStats): Record<string, number> {
  const selected: Record<string, number> = {};
  for (const name of TRACKED_CONNTRACK_COUNTERS)
    if (stats.counters[name] !== undefined) selected[name] = stats.counters[name];
  return selected;
}
