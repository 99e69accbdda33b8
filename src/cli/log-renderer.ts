import pino, { type Logger } from "pino";
import { openFreshFileSync } from "../core/fresh-file.js";
import type { EngineEmitter } from "../engine/events.js";

/**
 * Writes the engine's log events as pino NDJSON into the run directory's run.log (synchronously: a kill loses no
 * line). A failed write (a full disk) is said once on stderr and ends the log; it never throws into the engine,
 * which emits log events from anywhere, teardown included.
 */
export function attachRunLog(events: EngineEmitter): () => void {
  let logger: Logger | null = null;
  let broken = false;
  const early: Array<[string, string, Record<string, unknown> | undefined]> = [];
  events.on("directory", (path) => {
    let fd: number;
    try {
      fd = openFreshFileSync(`${path}/run.log`);
    } catch (error) {
      broken = true;
      process.stderr.write(`portlab: ${path}/run.log: ${(error as Error).message}; the run is not logged\n`);
      return;
    }
    const destination = pino.destination({ fd, sync: true });
    destination.on("error", (error: Error) => {
      if (broken) return;
      broken = true;
      logger = null;
      process.stderr.write(`portlab: ${path}/run.log: ${error.message}; the rest of the run is not logged\n`);
    });
    logger = pino({ base: { pid: process.pid } }, destination);
    for (const [level, message, fields] of early.splice(0)) logger?.[level as "info"](fields ?? {}, message);
  });
  events.on("log", (level, message, fields) => {
    if (logger) logger[level](fields ?? {}, message);
    else if (!broken) early.push([level, message, fields]);
  });
  events.on("run-start", (run) => logger?.info({ run }, "run started"));
  events.on("second", (second) => logger?.debug({ run: second.run.index, t: second.t }, "second"));
  events.on("run-end", (run, summary) => logger?.info({ run: run.index, summary }, "run finished"));
  return () => logger?.flush();
}
