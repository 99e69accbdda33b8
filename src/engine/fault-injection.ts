import type { EngineEmitter } from "./events.js";
/**
 * Deterministic interruption points for the reliability tests: with `pauseAt: <stage>` in the engine's hooks, the
 * engine emits `pause` when it reaches that stage (the CLI says `portlab-pause: <stage>` on stderr) and waits
 * there, so a test can send a signal at exactly that moment; with `crashAt: <stage>` an error escapes every
 * `finally` there (the CLI's last resort must still tear down). Unset, they cost nothing.
 */
export type PauseStage = "sandbox" | "nginx" | "teardown";

/** Test hooks, passed in as options (never read from the environment deep inside). */
export interface EngineHooks {
  readonly pauseAt?: PauseStage;
  readonly crashAt?: PauseStage;
  /** nginx binary for the netns driver (PORTLAB_NGINX). */
  readonly nginxBinary?: string;
}

const PAUSE_MS = 3000;
const CRASH_AFTER_MS = 1000;

export async function pausePoint(
  hooks: EngineHooks,
  stage: PauseStage,
  events: EngineEmitter,
): Promise<void> {
  if (hooks.pauseAt !== stage && hooks.crashAt !== stage) return;
  events.emit("pause", stage);
  if (hooks.crashAt === stage) {
    // A second into the pause (the test looks at what is running first), from a timer: no `finally` sees it.
    setTimeout(() => {
      throw new Error(`test hook: an uncaught error at ${stage}`);
    }, CRASH_AFTER_MS);
  }
  await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
}

const STAGES: readonly PauseStage[] = ["sandbox", "nginx", "teardown"];
const stageNamed = (value: unknown): PauseStage | undefined => STAGES.find((name) => name === value);

/**
 * Where the test harness puts its hooks: a global only code loaded into this process can set (the tests preload
 * test/support/engine-hooks.mjs), never an environment variable, which anyone who starts portlab could set.
 */
export const TEST_HOOKS_KEY = Symbol.for("portlab.engine-hooks");

/** The engine's hooks: the harness's pause and crash points (if a test loaded any) and PORTLAB_NGINX. */
export function engineHooks(env: NodeJS.ProcessEnv): EngineHooks {
  const harness = (globalThis as Record<symbol, unknown>)[TEST_HOOKS_KEY] as
    | Record<string, unknown>
    | undefined;
  return {
    pauseAt: stageNamed(harness?.pauseAt),
    crashAt: stageNamed(harness?.crashAt),
    nginxBinary: env.PORTLAB_NGINX || undefined,
  };
}
