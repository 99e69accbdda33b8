import { copyFile } from "node:fs/promises";
import { join } from "node:path";
import type { DoneMessage, StartMessage, TickMessage } from "../clients/protocol.js";
import { predictRun } from "../profiles/model.js";
import type { Profile } from "../profiles/types.js";
import type { RunDirectory } from "../results/run-directory.js";
import type { RunSummary } from "../results/summary-types.js";
import { createSampler } from "../sampler/sampler.js";
import { applySysctls } from "../sandbox/host-sysctls.js";
import { createNetnsSandbox } from "../sandbox/netns-driver.js";
import { TeardownStack } from "../sandbox/teardown-stack.js";
import type { ClientSpec, Scenario } from "../scenario/types.js";
import { startNginx, stopNginxByPidFile } from "../server/nginx.js";
import { buildRunSummary } from "./build-run-summary.js";
import type { EngineEmitter, RunLabel } from "./events.js";
import { pausePoint } from "./fault-injection.js";
import { clientPortRange, REPORTED_SYSCTLS } from "./reported-sysctls.js";
import { type MergedSecond, SecondMerger } from "./second-merger.js";
import { startWorker, type WorkerProcess } from "./worker-process.js";

export interface RunContext {
  readonly scenario: Scenario;
  readonly profile: Profile;
  readonly client: ClientSpec;
  readonly label: RunLabel;
  readonly events: EngineEmitter;
  readonly signal: AbortSignal;
  readonly directory: RunDirectory;
}

/** Grace after the load's own bound before the runner asks a silent worker to stop, and then before it kills it. */
const WATCHDOG_GRACE_MS = 15_000;
const WATCHDOG_KILL_MS = 10_000;

/** The client's lines of samples.ndjson carry that second's ok count, errors and request latency. */
function sampleLines(run: number, second: MergedSecond): unknown[] {
  return [second.client, second.server].flatMap((sample) => {
    if (!sample) return [];
    const clientStats =
      sample.host === "client" && second.tick
        ? { ok: second.tick.ok, errors: second.tick.errors, latencyMs: second.tick.latencyMs }
        : {};
    return [{ run, ...sample, ...clientStats }];
  });
}

/** Runs the load; an interrupt asks the worker to stop early, and a worker that outlives its bound is stopped, then killed. */
async function runWorkerBounded(
  worker: WorkerProcess,
  start: StartMessage,
  scenario: Scenario,
  signal: AbortSignal,
  onTick: (tick: TickMessage) => void,
): Promise<DoneMessage> {
  const onAbort = () => worker.stop();
  signal.addEventListener("abort", onAbort, { once: true });
  const bound = scenario.load.durationMs + scenario.load.requestTimeoutMs + WATCHDOG_GRACE_MS;
  const stopTimer = setTimeout(() => worker.stop(), bound);
  const killTimer = setTimeout(() => void worker.kill(), bound + WATCHDOG_KILL_MS);
  try {
    return await worker.run(start, onTick);
  } finally {
    clearTimeout(stopTimer);
    clearTimeout(killTimer);
    signal.removeEventListener("abort", onAbort);
  }
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason;
}

/** One (profile × client) run in a fresh sandbox, torn down before it returns or throws. */
export async function runOne(context: RunContext): Promise<RunSummary> {
  const { scenario, profile, client, label, events, signal, directory } = context;
  const log = (message: string, fields?: Record<string, unknown>) =>
    events.emit("log", "info", message, { run: label.index, ...fields });
  const teardown = new TeardownStack();
  try {
    const sandbox = await createNetnsSandbox(
      {
        subnet: scenario.sandbox.subnet,
        clientAddresses: profile.client.sourceAddresses,
        topology: profile.topology,
      },
      teardown,
    );
    log("sandbox up", { id: sandbox.id, client: sandbox.client.netns, server: sandbox.server.netns });
    teardown.push("teardown pause point", () => pausePoint("teardown"));
    await pausePoint("sandbox");
    throwIfAborted(signal);

    const sysctls = await applySysctls(sandbox.client, profile.client.sysctls, REPORTED_SYSCTLS);
    const serverSysctls =
      profile.topology === "loopback"
        ? sysctls
        : await applySysctls(sandbox.server, profile.server.sysctls, REPORTED_SYSCTLS);
    log("kernel parameters read back", { client: sysctls, server: serverSysctls });
    throwIfAborted(signal);

    const ports = Array.from(
      { length: profile.server.listenPorts },
      (_, index) => scenario.server.port + index,
    );
    const listenAddress = sandbox.server.addresses[0] ?? "127.0.0.1";
    teardown.push("stop nginx", () => stopNginxByPidFile(sandbox.tempDir));
    const nginx = await startNginx({
      tempDir: sandbox.tempDir,
      listenAddress,
      ports,
      workers: scenario.server.workers,
      keepaliveTimeoutS: scenario.server.keepaliveTimeoutS,
      keepaliveRequests: scenario.server.keepaliveRequests,
      backlog: scenario.server.backlog,
      bodyBytes: scenario.server.bodyBytes,
      wrap: sandbox.server.wrap,
      nginxBinary: process.env.PORTLAB_NGINX || undefined,
    });
    teardown.push("copy nginx error log", () =>
      copyFile(nginx.errorLogPath, join(directory.path, `nginx-error-${label.index}.log`)).catch(
        () => undefined,
      ),
    );
    log("nginx ready", { pid: nginx.pid, address: listenAddress, ports });
    await pausePoint("nginx");
    throwIfAborted(signal);

    const worker = await startWorker(sandbox.client, (line) =>
      events.emit("log", "warn", "worker stderr", { line }),
    );
    teardown.push("stop client worker", () => worker.kill());
    throwIfAborted(signal);

    const portRange = clientPortRange(sysctls);
    const sampler = createSampler({
      hosts: [
        {
          host: "client",
          pid: worker.pid,
          portRange: portRange.range,
          usablePorts: portRange.usable * sandbox.client.addresses.length,
        },
        { host: "server", pid: nginx.pid, portRange: null, usablePorts: null },
      ],
      onSample: (samples) => merger.addSamples(samples),
      onError: (error) => events.emit("log", "warn", "sampler", { error: String(error) }),
    });
    const merger = new SecondMerger((second) => {
      void directory.appendSamples(sampleLines(label.index, second));
      events.emit("second", { run: label, ...second });
    });

    const loadStart = Date.now();
    await sampler.start(loadStart);
    teardown.push("stop sampler", () => sampler.stop());
    const start: StartMessage = {
      type: "start",
      client,
      load: scenario.load,
      target: { host: listenAddress, ports, path: "/" },
      sourceAddresses: sandbox.client.addresses.length > 1 ? sandbox.client.addresses : [],
    };
    const done = await runWorkerBounded(worker, start, scenario, signal, (tick) => merger.addTick(tick));
    await sampler.stop();
    merger.flush();
    await directory.appendSamples([]); // waits for the queued sample writes
    log("load finished", { sent: done.sent, ok: done.ok, errors: done.errors });

    return buildRunSummary({
      scenario,
      profile,
      client,
      sysctls,
      serverSysctls,
      ports: portRange,
      done,
      hosts: sampler.summary(),
      interrupted: signal.aborted,
      prediction: predictRun({ sysctls, serverSysctls, profile, client, load: scenario.load }),
    });
  } finally {
    const failures = await teardown.drain();
    for (const failure of failures)
      events.emit("log", "error", `teardown step failed: ${failure.step}`, { error: String(failure.error) });
  }
}
