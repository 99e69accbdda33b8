/** One line of `portlab doctor`: what this machine has or lacks for portlab, and how to get it. */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  /** Required checks decide doctor's exit code; optional ones (bench peers) only inform. */
  readonly required: boolean;
  readonly detail: string;
  readonly fix: string | null;
  /** Debian package that provides it, for `doctor --fix`. */
  readonly aptPackage: string | null;
  /** The package is installed but its program does not work: `--fix` reinstalls it. */
  readonly reinstall?: boolean;
}
