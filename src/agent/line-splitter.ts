import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";

/**
 * NDJSON lines off a stream, bounded: a line that grows past `maxBytes` without ending is reported once (and
 * nothing more is read), so a runaway writer cannot make the reader buffer without limit. readline has no bound.
 */
export function splitLines(
  input: Readable,
  maxBytes: number,
  onLine: (line: string) => void,
  onTooLong: (bytes: number) => void,
): void {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  let stopped = false;
  const take = (text: string) => {
    pending += text;
    for (let end = pending.indexOf("\n"); end >= 0 && !stopped; end = pending.indexOf("\n")) {
      const line = pending.slice(0, end).replace(/\r$/, "");
      pending = pending.slice(end + 1);
      if (line.trim() !== "") onLine(line);
    }
    if (!stopped && Buffer.byteLength(pending) > maxBytes) {
      stopped = true;
      onTooLong(Buffer.byteLength(pending));
      pending = "";
      input.pause();
    }
  };
  input.on("data", (chunk: Buffer | string) => {
    if (!stopped) take(typeof chunk === "string" ? chunk : decoder.write(chunk));
  });
  input.on("end", () => {
    if (stopped) return;
    take(decoder.end());
    if (pending.trim() !== "") onLine(pending);
    pending = "";
  });
}
