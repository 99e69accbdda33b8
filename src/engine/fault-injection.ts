import type { EngineEmitter } from "./events.js";
/**
 * Deterministic interruption points for the reliability tests: with `pauseAt: <stage>` in the engine's hooks
 * (the CLI maps PORTLAB_PAUSE_AT to it), the engine emits `pause` when it reaches that stage (the CLI says
 * `portlab-pause: <stage>` on stderr) and waits there, so a test can send a signal at exactly that moment. Unset, it costs nothing.
 */
export type PauseStage = "sandbox" | "nginx" | "teardown";

/** Test hooks, passed in as options (never read from the environment deep inside). */
export interface EngineHooks {
  readonly pauseAt?: PauseStage;
  /** nginx binary for the netns driver. */
  readonly nginxBinary?: string;
}

const PAUSE_MS = 3000;

export async function pausePoint(
  hooks: EngineHooks,
  stage: PauseStage,
  events: EngineEmitter,
): Promise<void> {
  if (hooks.pauseAt !== stage) return;
  events.emit("pause", stage);
  await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
}

const STAGES: readonly PauseStage[] = ["sandbox", "nginx", "teardown"];

/** The hooks a test asked for in the environment of the CLI process (read once, at the top of a command). */
export function hooksFromEnvironment(env: NodeJS.ProcessEnv): EngineHooks {
  const stage = STAGES.find((name) => name === env.PORTLAB_PAUSE_AT);
  return { pauseAt: stage, nginxBinary: env.PORTLAB_NGINX || undefined };
}
