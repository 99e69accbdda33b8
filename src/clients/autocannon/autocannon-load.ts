import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { Socket } from "node:net";
import autocannon from "autocannon";
import type { LoadSpec } from "../../core/scenario.js";
import { errorCodeOf, statusError } from "../http/error-codes.js";
import { targetUrl } from "../http/target-url.js";
import type { LoadResult } from "../load/run-load.js";
import type { StatsRecorder } from "../load/stats-recorder.js";
import type { WorkerTarget } from "../worker/protocol.js";

export interface AutocannonLoadOptions {
  readonly target: WorkerTarget;
  readonly connections: number;
  readonly load: LoadSpec;
  readonly recorder: StatsRecorder;
  /** ms since the load started */
  readonly clock: () => number;
  readonly signal: AbortSignal;
}

/**
 * Closed-loop keep-alive load through autocannon's engine (max throughput, the bench baseline),
 * mapped onto the same recorder. Limits of that mapping: a request is counted as sent when its
 * response or error arrives; a rate load becomes autocannon's overallRate (no ramp, no maxInFlight);
 * autocannon cannot bind a source address, so sourceAddresses do not apply to it. Its connections are
 * seen through Node's `net.client.socket` diagnostics channel (every net.connect in this process,
 * which runs nothing else): each counts as opened, with its connect time.
 */
export function runAutocannonLoad(options: AutocannonLoadOptions): Promise<LoadResult> {
  const { target, load, recorder, clock, signal } = options;
  const urls = target.ports.map((port) => targetUrl(target.host, port, target.path));
  let finished = 0;
  const onSocket = (message: unknown): void => {
    const socket = (message as { socket?: Socket }).socket;
    if (socket === undefined) return;
    const startedAt = performance.now();
    socket.once("connect", () => recorder.opened(clock(), performance.now() - startedAt));
  };
  subscribe("net.client.socket", onSocket);

  return new Promise<LoadResult>((resolve, reject) => {
    const instance = autocannon(
      {
        // autocannon accepts several URLs and spreads connections over them; its types say string.
        url: (urls.length === 1 ? urls[0] : urls) as string,
        connections: options.connections,
        pipelining: 1,
        duration: load.durationMs / 1000,
        timeout: load.requestTimeoutMs / 1000,
        ...(load.mode === "rate" ? { overallRate: load.rate } : {}),
      },
      (error) => {
        signal.removeEventListener("abort", stop);
        unsubscribe("net.client.socket", onSocket);
        if (error) {
          reject(error);
          return;
        }
        const now = clock();
        resolve({ durationMs: now, issuingMs: now, abandoned: 0 });
      },
    );
    const stop = (): void => instance.stop();
    const countOne = (): void => {
      finished += 1;
      if (finished >= load.maxRequests) stop();
    };
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      const now = clock();
      recorder.sent(now);
      recorder.outcome({ error: statusError(statusCode), latencyMs: responseTime, opened: false }, now);
      countOne();
    });
    instance.on("reqError", (error: unknown) => {
      const now = clock();
      recorder.sent(now);
      recorder.outcome({ error: errorCodeOf(error), latencyMs: 0, opened: false }, now);
      countOne();
    });
    if (signal.aborted) stop();
    else signal.addEventListener("abort", stop);
  });
}
