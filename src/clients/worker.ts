import type { RunnerToWorker, WorkerToRunner } from "./protocol.js";
import { runWorker, type WorkerChannel } from "./run-worker.js";

/**
 * Entry point of the client worker, spawned by the runner inside the client host with an IPC
 * channel. It never writes to stdout; failures go to the runner as `fatal` and exit code 1.
 */
let lastSent: Promise<void> = Promise.resolve();

function send(message: WorkerToRunner): void {
  if (process.send === undefined || !process.connected) return;
  lastSent = new Promise((resolve) => {
    process.send?.(message, undefined, {}, () => resolve());
  });
}

const channel: WorkerChannel = {
  send,
  onMessage: (listener) => process.on("message", (message) => listener(message as RunnerToWorker)),
  onDisconnect: (listener) => process.once("disconnect", listener),
};

let failing = false;

function fail(error: unknown): void {
  if (failing) return;
  failing = true;
  process.exitCode = 1;
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  send({ type: "fatal", message });
  process.stderr.write(`portlab client worker: ${message}\n`);
  const flushed = new Promise((resolve) => setTimeout(resolve, 500).unref());
  void Promise.race([lastSent, flushed]).then(() => process.exit(1));
}

process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

if (process.send === undefined) {
  fail(new Error("the client worker needs an IPC channel: the runner starts it"));
} else {
  runWorker(channel).then(async () => {
    await lastSent; // `done` is written before the channel closes
    if (process.connected) process.disconnect();
    // Nothing should keep the process alive now; if something does, do not hang the runner.
    setTimeout(() => process.exit(0), 2_000).unref();
  }, fail);
}
