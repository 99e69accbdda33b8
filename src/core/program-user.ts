import { readFileSync } from "node:fs";
import { invokingUser } from "./invoking-user.js";

/** Whom the user's own programs (a command client, `server.command`) run as; null: root (`user: root`). */
export interface ProgramUser {
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
}

/** The unprivileged account a program runs as when root ran portlab itself (not through sudo). */
const NOBODY: ProgramUser = { uid: 65534, gid: 65534, home: "/nonexistent" };

function homeOf(uid: number): string {
  const passwd = (() => {
    try {
      return readFileSync("/etc/passwd", "utf8");
    } catch {
      return "";
    }
  })();
  const entry = passwd.split("\n").find((line) => line.split(":")[2] === String(uid));
  return entry?.split(":")[5] || "/nonexistent";
}

/**
 * A scenario's programs are not portlab's code: they run as the user who started portlab through sudo, else as
 * nobody; only `user: root` (trusted code that needs root, said in the scenario) keeps them root.
 */
export function programUser(user: "root" | null): ProgramUser | null {
  if (user === "root") return null;
  const invoking = invokingUser();
  return invoking === null ? NOBODY : { ...invoking, home: homeOf(invoking.uid) };
}

/** argv that starts `argv` as `user` (util-linux setpriv: no supplementary groups, no capabilities kept). */
export function asProgramUser(user: ProgramUser | null, argv: readonly string[]): string[] {
  if (user === null) return [...argv];
  return [
    "setpriv",
    `--reuid=${user.uid}`,
    `--regid=${user.gid}`,
    "--clear-groups",
    "--inh-caps=-all",
    "--",
    ...argv,
  ];
}

/** Kept from the runner's environment: what programs need to start, nothing of root's own. */
const KEPT = ["PATH", "LANG", "LC_ALL", "TZ"] as const;

/**
 * A program's environment: PATH, LANG, LC_ALL, TZ, HOME (its user's), the scenario's `env` and portlab's own
 * PORTLAB_* variables (`extra`), nothing else of root's (no SUDO_*, no credentials in root's environment).
 */
export function programEnvironment(
  from: NodeJS.ProcessEnv,
  user: ProgramUser | null,
  extra: Readonly<Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of KEPT) {
    const value = from[name];
    if (value !== undefined) env[name] = value;
  }
  env.HOME = user?.home ?? from.HOME ?? "/root";
  return { ...env, ...extra };
}
