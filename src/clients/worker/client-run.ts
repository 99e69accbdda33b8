import type { ClientSpec } from "../../core/scenario.js";
import type { LoadResult } from "../load/run-load.js";
import type { StatsRecorder } from "../load/stats-recorder.js";
import type { StartMessage } from "./protocol.js";

/** What the worker gives a client kind's run half for one load. */
export interface LoadContext {
  readonly recorder: StatsRecorder;
  /** ms since the load started */
  readonly clock: () => number;
  readonly signal: AbortSignal;
}

/**
 * The run half of one of portlab's own client kinds (`clients/<kind>/run.ts`, exported as `run`): what the client
 * worker loads, by the kind's name, to run its share of the load. Its plan half (schema, model, label) is
 * never loaded in the worker.
 */
export interface ClientRun<Spec extends ClientSpec = ClientSpec> {
  /** Runs the load against the target, recording every request; resolves once nothing is in flight. */
  runLoad(start: StartMessage & { readonly client: Spec }, context: LoadContext): Promise<LoadResult>;
  /** How the load reaches the server, for run.log. */
  transport(start: StartMessage & { readonly client: Spec }): string;
}

const KIND_NAME = /^[a-z][a-z0-9-]*$/;

/** This module's own extension: `.js` when it runs from dist/, `.ts` when the test runner loads the sources. */
const EXTENSION = import.meta.url.slice(import.meta.url.lastIndexOf("."));

/** The run half of a kind: `clients/<kind>/run`, loaded on demand (each weighs its own imports). */
export async function loadClientRun(kind: string): Promise<ClientRun> {
  if (!KIND_NAME.test(kind)) throw new Error(`not a client kind name: ${JSON.stringify(kind)}`);
  const url = new URL(`../${kind}/run${EXTENSION}`, import.meta.url);
  const module = (await import(/* @vite-ignore */ url.href)) as { run?: ClientRun };
  if (module.run === undefined) throw new Error(`clients/${kind}/run.js exports no run`);
  return module.run;
}
