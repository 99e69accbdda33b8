import { describe, expect, it } from "vitest";
import { ResponseParser } from "../../src/clients/http/response-parser.js";

function feedInPieces(parser: ResponseParser, text: string, pieceSize: number): boolean {
  const bytes = Buffer.from(text, "latin1");
  let complete = false;
  for (let offset = 0; offset < bytes.length; offset += pieceSize) {
    // A reused buffer, as socket onread hands over: the parser must copy what it keeps.
    const scratch = Buffer.alloc(64, 0x58);
    const piece = bytes.subarray(offset, offset + pieceSize);
    piece.copy(scratch);
    complete = parser.feed(scratch, piece.length);
  }
  return complete;
}

const nginxOk =
  "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: keep-alive\r\n\r\nok\n";

describe("ResponseParser", () => {
  it("reads a Content-Length response whole or byte by byte", () => {
    for (const size of [1, 7, 64]) {
      const parser = new ResponseParser();
      expect(feedInPieces(parser, nginxOk, size)).toBe(true);
      expect(parser.status).toBe(200);
      expect(parser.keepAlive).toBe(true);
    }
  });

  it("is not complete until the last body byte", () => {
    const parser = new ResponseParser();
    expect(parser.feed(Buffer.from(nginxOk.slice(0, -1), "latin1"))).toBe(false);
    expect(parser.feed(Buffer.from("\n", "latin1"))).toBe(true);
  });

  it("reads chunked bodies with extensions and trailers", () => {
    const chunked =
      "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
      "5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: t\r\n\r\n";
    for (const size of [1, 3, 64]) {
      const parser = new ResponseParser();
      expect(feedInPieces(parser, chunked, size)).toBe(true);
      expect(parser.status).toBe(503);
      expect(parser.keepAlive).toBe(false);
    }
    const cut = new ResponseParser();
    expect(cut.feed(Buffer.from(chunked.slice(0, -2), "latin1"))).toBe(false);
  });

  it("skips interim 1xx responses and handles bodiless statuses", () => {
    const parser = new ResponseParser();
    expect(
      parser.feed(Buffer.from("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", "latin1")),
    ).toBe(true);
    expect(parser.status).toBe(204);
  });

  it("completes a body without length only at EOF, and never reuses its connection", () => {
    const parser = new ResponseParser();
    expect(parser.feed(Buffer.from("HTTP/1.0 200 OK\r\n\r\nsome body", "latin1"))).toBe(false);
    expect(parser.keepAlive).toBe(false);
    expect(parser.end()).toBe(true);
  });

  it("rejects what is not HTTP/1.x", () => {
    expect(() => new ResponseParser().feed(Buffer.from("SSH-2.0-OpenSSH\r\n\r\n", "latin1"))).toThrow(
      /status line/,
    );
  });

  it("matches the headers that decide the body in any letter case, and no other header", () => {
    const parser = new ResponseParser();
    const text =
      "HTTP/1.1 200 OK\r\nX-Content-Length: 99\r\ncontent-LENGTH: 2\r\nCONNECTION: Close\r\n\r\nok";
    expect(parser.feed(Buffer.from(text, "latin1"))).toBe(true);
    expect(parser.keepAlive).toBe(false);
    const chunked = new ResponseParser();
    expect(
      chunked.feed(Buffer.from("HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n0\r\n\r\n", "latin1")),
    ).toBe(true);
  });
});
