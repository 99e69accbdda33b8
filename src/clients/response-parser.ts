/**
 * A minimal incremental HTTP/1.1 response reader: status line, Content-Length, chunked, or body to
 * EOF. Enough for what nginx and node:http send; portlab never looks at the body, only at its end.
 */
type BodyMode = "none" | "length" | "chunked" | "eof";
type ChunkState = "size" | "extension" | "data" | "data-end" | "trailer";

const headEnd = Buffer.from("\r\n\r\n", "latin1");
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
    let bytes = chunk.subarray(offset, length);
    let carried = 0;
    if (this.pendingHead !== null) {
      carried = this.pendingHead.length;
      bytes = Buffer.concat([this.pendingHead, bytes]);
    }
    const end = bytes.indexOf(headEnd);
    if (end < 0) {
      if (bytes.length > maxHeadBytes) throw new ResponseProtocolError("response head too large");
      this.pendingHead = Buffer.from(bytes);
      return length;
    }
    this.pendingHead = null;
    this.parseHead(bytes.toString("latin1", 0, end));
    return offset + end + 4 - carried;
  }

  private parseHead(head: string): void {
    const lines = head.split("\r\n");
    const statusLine = lines[0] ?? "";
    const status = Number.parseInt(statusLine.slice(9, 12), 10);
    if (!statusLine.startsWith("HTTP/1.") || !Number.isInteger(status)) {
      throw new ResponseProtocolError(
        `not an HTTP/1.x status line: ${JSON.stringify(statusLine.slice(0, 40))}`,
      );
    }
    if (status >= 100 && status < 200) return; // interim response: the real one follows
    this.status = status;
    this.keepAlive = statusLine.startsWith("HTTP/1.1");
    let contentLength = -1;
    let chunked = false;
    for (let index = 1; index < lines.length; index += 1) {
      const line = lines[index]!;
      const colon = line.indexOf(":");
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line
        .slice(colon + 1)
        .trim()
        .toLowerCase();
      if (name === "content-length") contentLength = Number.parseInt(value, 10);
      else if (name === "transfer-encoding") chunked = value.includes("chunked");
      else if (name === "connection") {
        if (value.includes("close")) this.keepAlive = false;
        else if (value.includes("keep-alive")) this.keepAlive = true;
      }
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
