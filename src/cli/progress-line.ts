import type { EngineEmitter, SecondEvent } from "../engine/events.js";

/** A second without a tick (a command client's: its requests are not observed) shows "-" for ok/s and err/s. */
function formatSecond(second: SecondEvent): string {
  const errors = Object.values(second.tick?.errors ?? {}).reduce((sum, count) => sum + count, 0);
  const twClient = second.client?.states.TIME_WAIT ?? 0;
  const twServer = second.server?.states.TIME_WAIT ?? 0;
  const free = second.client?.freePorts ?? "-";
  const { index, total, profile, client } = second.run;
  return `run ${index + 1}/${total} ${profile} ${client}  ${second.t}s  ok/s ${second.tick?.ok ?? "-"}  err/s ${second.tick ? errors : "-"}  TIME_WAIT c/s ${twClient}/${twServer}  free ports ${free}`;
}

/** One live line a second on stderr, only on a terminal (autocannon's progress tracker idea). */
export function attachProgressLine(events: EngineEmitter, stream: NodeJS.WriteStream = process.stderr): void {
  if (!stream.isTTY) return;
  events.on("run-start", (run) =>
    stream.write(`\nrun ${run.index + 1}/${run.total}: ${run.profile} ${run.client} (setting up)`),
  );
  events.on("second", (second) => {
    stream.clearLine(0);
    stream.cursorTo(0);
    stream.write(formatSecond(second));
  });
  events.on("run-end", () => stream.write("\n"));
}
