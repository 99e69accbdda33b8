import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export interface OpenFileLimit {
  readonly soft: number;
  readonly hard: number;
}

/** RLIMIT_NOFILE of this process, from /proc/self/limits ("Max open files  1024  1048576  files"). */
export function currentOpenFileLimit(): OpenFileLimit {
  const line = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(
    readFileSync("/proc/self/limits", "utf8"),
  );
  const value = (text: string | undefined): number =>
    text === undefined || text === "unlimited" ? Number.POSITIVE_INFINITY : Number(text);
  return { soft: value(line?.[1]), hard: value(line?.[2]) };
}

/**
 * Sets this process's open-file limit, soft and hard, to `limit` (a client's `nofile`). Node has no API
 * for setrlimit, so util-linux's prlimit sets it on this pid; lowering needs no privilege, raising the
 * hard limit needs CAP_SYS_RESOURCE. Throws with the reason when it did not take.
 */
export function applyOpenFileLimit(limit: number): void {
  try {
    execFileSync("prlimit", ["--pid", String(process.pid), `--nofile=${limit}:${limit}`], {
      stdio: ["ignore", "ignore", "pipe"],
      encoding: "utf8",
    });
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    const why =
      code === "ENOENT"
        ? "prlimit is not installed (it is part of util-linux)"
        : (stderr ?? "").trim() || String(error);
    throw new Error(`cannot set the client's nofile to ${limit}: ${why}`);
  }
  const now = currentOpenFileLimit();
  if (now.soft !== limit || now.hard !== limit)
    throw new Error(`the client's nofile is ${now.soft}:${now.hard} after setting it to ${limit}`);
}
