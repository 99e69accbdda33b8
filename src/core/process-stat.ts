import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";

/** The fields of /proc/<pid>/stat portlab uses (proc(5)). */
export interface ProcessStat {
  readonly pid: number;
  /** Field 2 without its parentheses: the executable's name, which may itself hold spaces and parentheses. */
  readonly command: string;
  /** Field 3: R, S, D, Z (zombie), X (dead), … */
  readonly state: string;
  /** Field 4. */
  readonly ppid: number;
  /** Field 22, clock ticks after boot: with the pid, it tells a process from a later one that reuses its pid. */
  readonly startTime: string;
}

/** Parses one /proc/<pid>/stat line; null when it is not one. */
export function parseProcessStat(text: string): ProcessStat | null {
  // The command is the only field that can hold spaces or ")": it ends at the LAST ")".
  const open = text.indexOf(" (");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return null;
  const rest = text
    .slice(close + 2)
    .trimEnd()
    .split(" ");
  const pid = Number(text.slice(0, open));
  const [state, ppid, startTime] = [rest[0], rest[1], rest[19]];
  if (!Number.isInteger(pid) || state === undefined || ppid === undefined || startTime === undefined)
    return null;
  return { pid, command: text.slice(open + 2, close), state, ppid: Number(ppid), startTime };
}

/** The stat of a process, or null once it is gone (or was never there). */
export async function readProcessStat(pid: number): Promise<ProcessStat | null> {
  return readFile(`/proc/${pid}/stat`, "utf8").then(parseProcessStat, () => null);
}

export function readProcessStatSync(pid: number): ProcessStat | null {
  try {
    return parseProcessStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return null;
  }
}

/** A zombie (Z) or dead (X) process has exited; it only waits to be reaped. */
export function hasExited(stat: ProcessStat | null): boolean {
  return stat === null || stat.state === "Z" || stat.state === "X";
}
