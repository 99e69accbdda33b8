import { basename } from "node:path";

const SHELLS = new Set(["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"]);

/**
 * `[sh, -c, "…"]` hands text to a shell, which portlab promises never to do with scenario values (a client's
 * `run`, `server.command`). `script` is the fix's example, e.g. `run: [./my-client.sh]`.
 */
export function shellCommandProblem(argv: readonly string[], script: string): string | null {
  const [program, ...args] = argv;
  if (program === undefined || !SHELLS.has(basename(program))) return null;
  if (!args.some((arg) => /^-[A-Za-z]*c[A-Za-z]*$/.test(arg))) return null;
  return `runs text through ${basename(program)} -c: portlab never hands scenario values to a shell; put the commands in a script file and run that, e.g. ${script}`;
}
