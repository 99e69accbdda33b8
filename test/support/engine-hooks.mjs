// Preloaded (node --import) into a portlab process a test starts with `hooks:`: puts the test's pause/crash
// points where the engine looks for them (src/engine/fault-injection.ts). Production never loads this file.
globalThis[Symbol.for("portlab.engine-hooks")] = JSON.parse(process.env.PORTLAB_TEST_ENGINE_HOOKS ?? "{}");
