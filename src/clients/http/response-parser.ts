/**
 * A minimal incremental HTTP/1.1 response reader: status line, Content-Length, chunked, or body to
 * EOF. Enough for what nginx and node:http send; portlab never looks at the body, only at its end.
 */
type BodyMode = "none" | "length" | "chunked" | "eof";
type ChunkState = "size" | "extension" | "data" | "data-end" | "trailer";

const headEnd = Buffer.from("\r\n\r\n", "latin1");
const http1 = Buffer.from("HTTP/1.", "latin1");
/** The only headers that decide where a response ends and whether its connection stays. */
const bodyHeaders = ["content-length", "transfer-encoding", "connection"] as const;
type BodyHeader = (typeof bodyHeaders)[number];

/** Where the line starting at `from` ends (its CR), or `end`. */
function lineEndAt(bytes: Buffer, from: number, end: number): number {
  let at = from;
  while (at < end && bytes[at] !== 0x0d) at += 1;
  return at;
}

/** A decimal digit's value, NaN for any other byte. */
function digitAt(bytes: Buffer, at: number): number {
  const byte = bytes[at] ?? 0;
  return byte >= 0x30 && byte <= 0x39 ? byte - 0x30 : Number.NaN;
}

/** The decimal number after optional blanks in bytes[from, end), read byte by byte; -1 when it has no digit. */
function decimalAt(bytes: Buffer, from: number, end: number): number {
  let at = from;
  while (at < end && (bytes[at] === 0x20 || bytes[at] === 0x09)) at += 1;
  let value = -1;
  for (; at < end; at += 1) {
    const digit = digitAt(bytes, at);
    if (!(digit >= 0)) break;
    value = (value < 0 ? 0 : value * 10) + digit;
  }
  return value;
}

function startsWithHttp1(bytes: Buffer, start: number): boolean {
  for (let index = 0; index < http1.length; index += 1)
    if (bytes[start + index] !== http1[index]) return false;
  return true;
}

/**
 * Which of the body headers the line bytes[start, end) is (names compared case-insensitively, byte by byte:
 * no string per header line), and where its value starts; null for any other line.
 */
function headerAt(
  bytes: Buffer,
  start: number,
  end: number,
): { name: BodyHeader; valueStart: number } | null {
  // Every body header starts with c or t: most lines (Server, Date, …) are passed over on their first byte.
  const first = bytes[start]! | 0x20;
  if (first !== 0x63 && first !== 0x74) return null;
  for (const name of bodyHeaders) {
    const colon = start + name.length;
    if (colon >= end) continue;
    let index = 0;
    while (index < name.length && (bytes[start + index]! | 0x20) === name.charCodeAt(index)) index += 1;
    if (index < name.length) continue;
    let at = colon;
    while (at < end && (bytes[at] === 0x20 || bytes[at] === 0x09)) at += 1; // "Name :" is tolerated
    if (bytes[at] === 0x3a) return { name, valueStart: at + 1 };
  }
  return null;
}
const maxHeadBytes = 64 * 1024;

export class ResponseProtocolError extends Error {
  readonly code = "EPROTO";
}

export class ResponseParser {
  status = 0;
  /** False when the server said it will close the connection after this response. */
  keepAlive = true;
  complete = false;
  private pendingHead: Buffer | null = null;
  private mode: BodyMode = "none";
  private remaining = 0;
  private chunkState: ChunkState = "size";
  private chunkSize = 0;
  private lineLength = 0;
  private headDone = false;

  reset(): void {
    this.status = 0;
    this.keepAlive = true;
    this.complete = false;
    this.pendingHead = null;
    this.mode = "none";
    this.remaining = 0;
    this.chunkState = "size";
    this.chunkSize = 0;
    this.lineLength = 0;
    this.headDone = false;
  }

  /** Reads `length` bytes of `chunk` (which may be reused by the caller afterwards); true once complete. */
  feed(chunk: Buffer, length: number = chunk.length): boolean {
    let offset = 0;
    while (offset < length && !this.complete) {
      if (!this.headDone) {
        offset = this.readHead(chunk, offset, length);
        continue;
      }
      offset = this.readBody(chunk, offset, length);
    }
    return this.complete;
  }

  /** The peer closed the connection: completes a body that runs to EOF; true if complete. */
  end(): boolean {
    if (this.headDone && this.mode === "eof") this.complete = true;
    return this.complete;
  }

  private readHead(chunk: Buffer, offset: number, length: number): number {
    let bytes = chunk;
    let start = offset;
    let stop = length;
    let carried = 0;
    if (this.pendingHead !== null) {
      carried = this.pendingHead.length;
      bytes = Buffer.concat([this.pendingHead, chunk.subarray(offset, length)]);
      start = 0;
      stop = bytes.length;
    }
    const end = bytes.indexOf(headEnd, start);
    if (end < 0 || end + 4 > stop) {
      if (stop - start > maxHeadBytes) throw new ResponseProtocolError("response head too large");
      this.pendingHead = Buffer.from(bytes.subarray(start, stop));
      return length;
    }
    this.pendingHead = null;
    this.parseHead(bytes, start, end);
    return carried === 0 ? end + 4 : end + 4 - carried + offset;
  }

  /** The head in bytes[start, end) (no final CRLF CRLF): the status, and the three headers that decide the body. */
  private parseHead(bytes: Buffer, start: number, end: number): void {
    const lineEnd = lineEndAt(bytes, start, end);
    const status =
      digitAt(bytes, start + 9) * 100 + digitAt(bytes, start + 10) * 10 + digitAt(bytes, start + 11);
    if (
      !startsWithHttp1(bytes, start) ||
      !(status >= 0) ||
      (lineEnd - start > 12 && bytes[start + 12] !== 0x20)
    ) {
      const line = bytes.toString("latin1", start, Math.min(lineEnd, start + 40));
      throw new ResponseProtocolError(`not an HTTP/1.x status line: ${JSON.stringify(line)}`);
    }
    if (status >= 100 && status < 200) return; // interim response: the real one follows
    this.status = status;
    this.keepAlive = bytes[start + 7] === 0x31; // HTTP/1.1
    let contentLength = -1;
    let chunked = false;
    for (let line = lineEnd + 2; line < end; ) {
      const next = lineEndAt(bytes, line, end);
      const header = headerAt(bytes, line, next);
      if (header?.name === "content-length") contentLength = decimalAt(bytes, header.valueStart, next);
      else if (header !== null) {
        const value = bytes.toString("latin1", header.valueStart, next).trim().toLowerCase();
        if (header.name === "transfer-encoding") chunked = value.includes("chunked");
        else if (value.includes("close")) this.keepAlive = false;
        else if (value.includes("keep-alive")) this.keepAlive = true;
      }
      line = next + 2;
    }
    this.headDone = true;
    if (status === 204 || status === 304) this.mode = "none";
    else if (chunked) this.mode = "chunked";
    else if (contentLength >= 0) this.mode = "length";
    else this.mode = "eof";
    this.remaining = Math.max(0, contentLength);
    if (this.mode === "eof") this.keepAlive = false;
    if (this.mode === "none" || (this.mode === "length" && this.remaining === 0)) this.complete = true;
  }

  private readBody(chunk: Buffer, offset: number, length: number): number {
    if (this.mode === "eof") return length;
    if (this.mode === "length") {
      const take = Math.min(this.remaining, length - offset);
      this.remaining -= take;
      if (this.remaining === 0) this.complete = true;
      return offset + take;
    }
    return this.readChunked(chunk, offset, length);
  }

  private readChunked(chunk: Buffer, offset: number, length: number): number {
    let index = offset;
    while (index < length && !this.complete) {
      if (this.chunkState === "data") {
        const take = Math.min(this.remaining, length - index);
        this.remaining -= take;
        index += take;
        if (this.remaining === 0) {
          this.chunkState = "data-end";
          this.remaining = 2; // the CRLF after the data
        }
        continue;
      }
      const byte = chunk[index]!;
      index += 1;
      if (this.chunkState === "data-end") {
        this.remaining -= 1;
        if (this.remaining === 0) this.chunkState = "size";
      } else if (this.chunkState === "size" || this.chunkState === "extension") {
        this.readSizeByte(byte);
      } else if (byte === 0x0a) {
        if (this.lineLength === 0) this.complete = true; // empty line ends the trailer
        this.lineLength = 0;
      } else if (byte !== 0x0d) {
        this.lineLength += 1;
      }
    }
    return index;
  }

  private readSizeByte(byte: number): void {
    if (byte === 0x0a) {
      if (this.chunkSize === 0) {
        this.chunkState = "trailer";
        this.lineLength = 0;
      } else {
        this.chunkState = "data";
        this.remaining = this.chunkSize;
      }
      this.chunkSize = 0;
      return;
    }
    if (this.chunkState === "extension" || byte === 0x0d) return;
    if (byte === 0x3b || byte === 0x20 || byte === 0x09) {
      this.chunkState = "extension";
      return;
    }
    const digit = Number.parseInt(String.fromCharCode(byte), 16);
    if (Number.isNaN(digit)) throw new ResponseProtocolError("bad chunk size");
    this.chunkSize = this.chunkSize * 16 + digit;
  }
}
