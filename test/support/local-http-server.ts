import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";

/**
 * A node:http server on 127.0.0.1 for the file's tests (answers "ok\n" unless given a handler), started before
 * them and closed after, with every connection. `port()` is its port once started.
 */
export function useLocalHttpServer(handler: RequestListener = (_request, response) => response.end("ok\n")): {
  readonly port: () => number;
} {
  let server: Server | null = null;
  beforeAll(async () => {
    const started = createServer(handler);
    await new Promise<void>((resolve) => started.listen(0, "127.0.0.1", resolve));
    server = started;
  });
  afterAll(async () => {
    const started = server;
    if (started === null) return;
    started.closeAllConnections();
    await new Promise<void>((resolve) => started.close(() => resolve()));
  });
  return {
    port: () => {
      if (server === null) throw new Error("the local server has not started (use it inside a test)");
      return (server.address() as AddressInfo).port;
    },
  };
}
