/** The user who ran portlab through sudo, whose results these are. */
export interface InvokingUser {
  readonly uid: number;
  readonly gid: number;
}

const id = (value: string | undefined): number | null =>
  value !== undefined && /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : null;

/** SUDO_UID/SUDO_GID when root runs on someone's behalf; null when root ran it itself (or not root at all). */
export function invokingUser(environment: NodeJS.ProcessEnv = process.env): InvokingUser | null {
  if (process.getuid?.() !== 0) return null;
  const uid = id(environment.SUDO_UID);
  const gid = id(environment.SUDO_GID);
  return uid !== null && gid !== null ? { uid, gid } : null;
}
