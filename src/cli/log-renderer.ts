import pino, { type Logger } from "pino";
import type { EngineEmitter } from "../engine/events.js";

/** Writes the engine's log events as pino NDJSON into the run directory's run.log (synchronously: a kill loses no line). */
export function attachRunLog(events: EngineEmitter): () => void {
  let logger: Logger | null = null;
  const early: Array<[string, string, Record<string, unknown> | undefined]> = [];
  events.on("directory", (path) => {
    logger = pino({ base: { pid: process.pid } }, pino.destination({ dest: `${path}/run.log`, sync: true }));
    for (const [level, message, fields] of early.splice(0)) logger[level as "info"](fields ?? {}, message);
  });
  events.on("log", (level, message, fields) => {
    if (logger) logger[level](fields ?? {}, message);
    else early.push([level, message, fields]);
  });
  events.on("run-start", (run) => logger?.info({ run }, "run started"));
  events.on("second", (second) => logger?.debug({ run: second.run.index, t: second.t }, "second"));
  events.on("run-end", (run, summary) => logger?.info({ run: run.index, summary }, "run finished"));
  return () => logger?.flush();
}
