import { randomBytes } from "node:crypto";
import { closeSync, constants, fchmodSync, fchownSync, openSync, renameSync, rmSync } from "node:fs";
import { type FileHandle, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { invokingUser } from "./invoking-user.js";

// Root writes results into directories a user may share: every file is made new (O_EXCL), never opened through
// a link (O_NOFOLLOW), then renamed over its name, so whatever was planted there is replaced, not written through.
const FRESH = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
export const RESULT_FILE_MODE = 0o644;

const partialName = (path: string): string =>
  join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}`);

/** A new file for writing, owned by the user who ran portlab through sudo (else root's), mode 0644. */
async function createFresh(path: string): Promise<FileHandle> {
  const handle = await open(path, FRESH, RESULT_FILE_MODE);
  try {
    const user = invokingUser();
    if (user !== null) await handle.chown(user.uid, user.gid);
    await handle.chmod(RESULT_FILE_MODE);
  } catch (error) {
    await handle.close();
    await rm(path, { force: true });
    throw error;
  }
  return handle;
}

/** Writes `path` whole: a fresh file beside it, renamed over it, so a reader never sees half and a link is replaced. */
export async function replaceFile(path: string, data: string | Uint8Array): Promise<void> {
  const partial = partialName(path);
  const handle = await createFresh(partial);
  try {
    await handle.writeFile(data);
    await handle.close();
    await rename(partial, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
}

/**
 * Opens `path` as a new, empty file to append to (samples, logs): made fresh and renamed into place at once, so
 * later writes go to portlab's own inode whatever appears at that name afterwards.
 */
export async function openFreshFile(path: string): Promise<FileHandle> {
  const partial = partialName(path);
  const handle = await createFresh(partial);
  try {
    await rename(partial, path);
  } catch (error) {
    await handle.close();
    await rm(partial, { force: true });
    throw error;
  }
  return handle;
}

/** openFreshFile for a synchronous writer (the run log): returns the descriptor. */
export function openFreshFileSync(path: string): number {
  const partial = partialName(path);
  const fd = openSync(partial, FRESH, RESULT_FILE_MODE);
  try {
    const user = invokingUser();
    if (user !== null) fchownSync(fd, user.uid, user.gid);
    fchmodSync(fd, RESULT_FILE_MODE);
    renameSync(partial, path);
  } catch (error) {
    closeSync(fd);
    rmSync(partial, { force: true });
    throw error;
  }
  return fd;
}

/** Copies a file portlab made (a log, a capture) into `path` as a fresh file; false when `source` is not there. */
export async function copyFresh(source: string, path: string): Promise<boolean> {
  const input = await open(source, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => null);
  if (input === null) return false;
  const partial = partialName(path);
  try {
    const output = await createFresh(partial);
    // Streamed: a capture may be hundreds of megabytes. The stream closes the handle it writes.
    await pipeline(input.createReadStream(), output.createWriteStream());
    await rename(partial, path);
    return true;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    await input.close().catch(() => undefined);
  }
}
