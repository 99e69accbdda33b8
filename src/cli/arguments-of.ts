import type { Argv } from "yargs";

/** A command's parsed arguments, as its yargs builder declares them (one definition: the builder). */
export type ArgumentsOf<Builder extends (yargs: Argv) => Argv<unknown>> =
  ReturnType<Builder> extends Argv<infer Parsed> ? Parsed : never;
