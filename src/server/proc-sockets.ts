import { readdir, readFile, readlink } from "node:fs/promises";
import { forEachTcpRow, type TcpRow } from "../sampler/tcp-rows.js";

/** One socket of /proc/<pid>/net/tcp, kept (the row visitor reuses its object). */
export type TcpTableRow = Readonly<Omit<TcpRow, "timerMs">>;

/** TCP sockets of the network namespace `pid` lives in (IPv4 table), through the one /proc/net/tcp parser. */
export async function readTcpTable(pid: number): Promise<TcpTableRow[]> {
  const rows: TcpTableRow[] = [];
  forEachTcpRow(await readFile(`/proc/${pid}/net/tcp`), (row) => {
    const { localAddress, localPort, remoteAddress, remotePort, state, inode } = row;
    rows.push({ localAddress, localPort, remoteAddress, remotePort, state, inode });
  });
  return rows;
}

/** Inodes of the sockets process `pid` holds open (root can read any process's fd table). */
export async function socketInodesOf(pid: number): Promise<Set<number>> {
  const inodes = new Set<number>();
  const fdDir = `/proc/${pid}/fd`;
  for (const fd of await readdir(fdDir)) {
    const target = await readlink(`${fdDir}/${fd}`).catch(() => "");
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(Number(match[1]));
  }
  return inodes;
}

/** The ports among `ports` on which process `pid` itself holds a LISTEN socket bound to `address`. */
export async function portsListenedBy(
  pid: number,
  address: string,
  ports: readonly number[],
): Promise<Set<number>> {
  const [rows, inodes] = await Promise.all([readTcpTable(pid), socketInodesOf(pid)]);
  const wanted = new Set(ports);
  const listening = new Set<number>();
  for (const row of rows) {
    if (row.state !== "LISTEN" || !wanted.has(row.localPort)) continue;
    if (row.localAddress !== address || !inodes.has(row.inode)) continue;
    listening.add(row.localPort);
  }
  return listening;
}
