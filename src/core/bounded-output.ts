/** The program's log keeps its first bytes; past this bound the rest is counted, not kept. */
export const LOG_LIMIT_BYTES = 1024 * 1024;

/**
 * Passes on the first `limit` bytes of what a program writes (stdout and stderr interleaved as they come) and
 * counts everything, so a chatty program cannot fill the run directory or the agent's pipe.
 */
export class BoundedOutput {
  private total = 0;
  private kept = 0;

  constructor(
    private readonly forward: (bytes: Buffer) => void,
    private readonly limit = LOG_LIMIT_BYTES,
  ) {}

  write(chunk: Buffer): void {
    this.total += chunk.length;
    const room = this.limit - this.kept;
    if (room <= 0) return;
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.kept += part.length;
    this.forward(part);
  }

  get totalBytes(): number {
    return this.total;
  }

  get keptBytes(): number {
    return this.kept;
  }
}

/** The line the log ends with when it was cut. */
export function truncationNote(totalBytes: number, keptBytes: number): string {
  return `\n[portlab: the program wrote ${totalBytes} bytes; this log keeps the first ${keptBytes}]\n`;
}
