import { hostPort } from "./target-url.js";

/** The GET request portlab sends, prebuilt once per (port, close) so a request costs one write. */
export function requestBytes(host: string, port: number, path: string, connectionClose: boolean): Buffer {
  const authority = hostPort(host, port);
  const close = connectionClose ? "Connection: close\r\n" : "";
  return Buffer.from(
    `GET ${path} HTTP/1.1\r\nHost: ${authority}\r\nUser-Agent: portlab\r\n${close}\r\n`,
    "latin1",
  );
}

/** Cycles through a fixed list; `next()` on an empty list returns undefined. */
export class RoundRobin<T> {
  private index = 0;

  constructor(private readonly items: readonly T[]) {}

  next(): T | undefined {
    if (this.items.length === 0) return undefined;
    const item = this.items[this.index % this.items.length];
    this.index = (this.index + 1) % this.items.length;
    return item;
  }
}
