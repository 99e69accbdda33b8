/**
 * Deterministic interruption points for the reliability tests: with PORTLAB_PAUSE_AT=<stage>, the engine says
 * `portlab-pause: <stage>` on stderr when it reaches that stage and waits there for PAUSE_MS, so a test can
 * send a signal at exactly that moment. Unset (always, outside tests), it costs nothing.
 */
export type PauseStage = "sandbox" | "nginx" | "teardown";

const PAUSE_MS = 3000;

export async function pausePoint(stage: PauseStage): Promise<void> {
  if (process.env.PORTLAB_PAUSE_AT !== stage) return;
  process.stderr.write(`portlab-pause: ${stage}\n`);
  await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
}
