import { chmod, chown, lstat, mkdir, readdir } from "node:fs/promises";
import { dirname } from "node:path";
import { invalidInput, type PortlabError } from "./errors.js";
import { invokingUser } from "./invoking-user.js";

const refuse = (what: string, path: string, problem: string, fix: string): PortlabError =>
  invalidInput("OUTPUT_PATH", `${what} ${path}: ${problem}`, fix);

/**
 * Root writes here only when it is a real directory of root's or of the sudo user's: a link or someone else's
 * directory could send root's writes where that someone chooses.
 */
export async function checkOwnDirectory(
  what: string,
  path: string,
  fix = `pass ${what} a directory of your own (or a new path: portlab creates it)`,
): Promise<"absent" | "present"> {
  const stats = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  if (stats === null) return "absent";
  if (stats.isSymbolicLink())
    throw refuse(what, path, "is a symbolic link, which portlab never writes through", fix);
  if (!stats.isDirectory()) throw refuse(what, path, "is not a directory", fix);
  const owners = [0, invokingUser()?.uid].filter((uid) => uid !== undefined);
  if (!owners.includes(stats.uid)) {
    throw refuse(what, path, `belongs to uid ${stats.uid}, neither root nor the user who ran portlab`, fix);
  }
  return "present";
}

/**
 * `--out`: made by portlab (0755, the sudo user's) when new; an existing one must be portlab-writable (above) and
 * empty, unless `force` (then only fresh files are written into it, see fresh-file.ts), so a run's files never mix
 * with stale ones by accident.
 */
export async function prepareOutDirectory(path: string, force: boolean): Promise<void> {
  if ((await checkOwnDirectory("--out", path)) === "present") {
    if (!force && (await readdir(path)).length > 0) {
      throw refuse(
        "--out",
        path,
        "is not empty",
        "--out must be a new or empty directory; pass --force to write this run's files into it anyway",
      );
    }
    return;
  }
  await mkdir(dirname(path), { recursive: true });
  await makeOwnDirectory(path);
}

/** A new directory (never an existing one), 0755, the sudo user's when run through sudo. */
export async function makeOwnDirectory(path: string): Promise<void> {
  await mkdir(path);
  await chmod(path, 0o755);
  const user = invokingUser();
  if (user !== null) await chown(path, user.uid, user.gid);
}
