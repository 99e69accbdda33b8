import { parentPort, workerData } from "node:worker_threads";
import { measureShortRate, type ShortRateOptions } from "../bench/client-rates.js";

/** Worker-thread entry: one share of a multi-threaded short-connection rate measurement. */
const options = workerData as ShortRateOptions;
measureShortRate({ ...options, threads: 1 }).then(
  (measurement) => parentPort?.postMessage({ measurement }),
  (error: unknown) =>
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) }),
);
