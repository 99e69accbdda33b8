import { createRequire } from "node:module";

/**
 * The sock_diag addon (native/sock_diag.c, built into dist/native/ by scripts/build-native.mjs): the TCP
 * sockets of this process's network namespace in one netlink dump, instead of /proc/net/tcp's text, which
 * the kernel generates at ~1 µs a socket. Each socket is two uint32: `state | localPort << 8`, then the local
 * address's last 32 bits. A socket is listed once even when the table changes during the dump.
 */
export interface SockDiag {
  dumpTcp(): Uint32Array;
}

interface Addon {
  dumpTcp(): ArrayBuffer;
}

export type SockDiagLoad =
  | { readonly sockDiag: SockDiag }
  | { readonly sockDiag: null; readonly reason: string };

let loaded: SockDiagLoad | null = null;

/** The addon, loaded once and checked with a first dump; the reason when it cannot be used here. */
export function loadSockDiag(): SockDiagLoad {
  loaded ??= load();
  return loaded;
}

function load(): SockDiagLoad {
  if (process.platform !== "linux") return { sockDiag: null, reason: "sock_diag is Linux only" };
  let addon: Addon;
  try {
    addon = createRequire(import.meta.url)("../native/sock_diag.node") as Addon;
  } catch (error) {
    return {
      sockDiag: null,
      reason: `the sock_diag addon is not built (${(error as Error).message.split("\n")[0]}); build it with npm run build (needs gcc)`,
    };
  }
  const sockDiag: SockDiag = {
    dumpTcp: () => {
      const records = addon.dumpTcp();
      // The addon returns nothing only when it could not allocate the result: not "no sockets".
      if (!(records instanceof ArrayBuffer)) throw new Error("sock_diag dump failed: no result");
      return new Uint32Array(records);
    },
  };
  try {
    sockDiag.dumpTcp();
  } catch (error) {
    return { sockDiag: null, reason: `sock_diag refused a dump: ${(error as Error).message}` };
  }
  return { sockDiag };
}
