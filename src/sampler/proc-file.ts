import { closeSync, openSync, readSync } from "node:fs";

const MIN_BUFFER = 64 * 1024;
const MAX_CHUNK = 1024 * 1024;

/**
 * Reads a procfs file (stat size 0) into one buffer. Synchronous on purpose: /proc/net/tcp answers
 * about 4 KiB per read(2), so a 60,000-socket table (9 MB) takes ~2,200 reads; through the thread
 * pool (fs.readFile, FileHandle.read) each costs a round trip and the table takes 2-3x longer
 * (~40 ms sync against 70-130 ms async, measured on a 2-core machine).
 * `sizeHint` (the file's last length) usually makes the first buffer big enough.
 */
export function readProcFile(path: string, sizeHint = 0): Buffer {
  const fd = openSync(path, "r");
  try {
    let buffer = Buffer.allocUnsafe(Math.max(MIN_BUFFER, Math.ceil(sizeHint * 1.25)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const grown = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const bytesRead = readSync(fd, buffer, length, Math.min(MAX_CHUNK, buffer.length - length), null);
      if (bytesRead === 0) return buffer.subarray(0, length);
      length += bytesRead;
    }
  } finally {
    closeSync(fd);
  }
}
