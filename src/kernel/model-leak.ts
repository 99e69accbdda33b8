import type { ModelPrediction } from "../core/prediction.js";
import type { LoadSpec } from "../core/scenario.js";
import { scheduleExhaustionMs, scheduleFromLoad } from "./model-schedule.js";

/**
 * Descriptors a client worker holds before its load: stdio, the runner channel, libuv's epoll and
 * eventfds, signal pipes (counted in /proc/<pid>/fd of a worker on Node 20: 19-21).
 */
export const WORKER_BASE_FDS = 20;

function fmt(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/**
 * A client that never closes (`leak`): every connection keeps its port and its descriptor for the
 * rest of the load (CLOSE_WAIT has no timer, no kernel parameter frees it). Exhaustion comes after
 * as many connections as there are ports, or descriptors under `nofile`, whichever is fewer, like
 * client-first's P / r, and it never recovers.
 */
export function predictLeak(
  load: LoadSpec,
  nofile: number | undefined,
  base: Pick<ModelPrediction, "usablePorts" | "portSpace" | "errno">,
): ModelPrediction {
  const descriptors = nofile === undefined ? Number.POSITIVE_INFINITY : Math.max(0, nofile - WORKER_BASE_FDS);
  const byDescriptors = descriptors < base.portSpace;
  const capacity = Math.min(base.portSpace, descriptors);
  const errno = byDescriptors ? "EMFILE" : base.errno;
  const held = byDescriptors
    ? `${fmt(capacity)} descriptors (nofile ${fmt(nofile ?? 0)} − ~${WORKER_BASE_FDS} the worker holds)`
    : `${fmt(capacity)} ports`;
  const never = "leaked sockets (CLOSE_WAIT) hold them until the load ends: 0 conn/s sustainable";
  const common = { ...base, errno, cycleMs: null, sustainableRate: 0 } as const;
  if (load.mode === "concurrency") {
    const reason = `closed loop: first ${errno} after ${fmt(capacity)} requests (${held}); ${never}`;
    return { ...common, exhaustedAtMs: null, reason };
  }
  const at = scheduleExhaustionMs(scheduleFromLoad(load), capacity, Number.POSITIVE_INFINITY, 0);
  const exhaustedAtMs = at === null ? null : Math.round(at);
  const outcome =
    exhaustedAtMs === null ? "no exhaustion in this run" : `first ${errno} after ${fmt(exhaustedAtMs)} ms`;
  return { ...common, exhaustedAtMs, reason: `${held} / ${fmt(load.rate)} req/s → ${outcome}; ${never}` };
}
