/** Tests that chown, mount or drop privileges need root: outside CI they skip, saying so in their name. */
export const isRoot = process.getuid?.() === 0;
export const rootOnly = isRoot ? "" : " (skipped: needs root, as in CI)";

/** What a promise rejected with, or null when it resolved. */
export function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}
