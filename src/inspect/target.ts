import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { environmentError, invalidInput } from "../core/errors.js";
import type { TeardownStack } from "../core/teardown-stack.js";
import { readProcFile } from "../sampler/proc-file.js";
import type { TargetDescription } from "./diagnose.js";
import { type KernelParamValues, readKernelParamValues } from "./kernel-params.js";
import { startReader } from "./reader-process.js";
import { type Reading, readingOf } from "./reading.js";

/** The network namespace `portlab inspect` looks at, read on demand. */
export interface InspectTarget {
  readonly description: TargetDescription;
  /** "this network namespace", "network namespace NAME", … */
  readonly label: string;
  read(): Promise<{ reading: Reading; kernelParams: KernelParamValues }>;
}

const NETNS_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function needsRoot(label: string): Error {
  return environmentError(
    "INSPECT_NEEDS_ROOT",
    `reading the kernel parameters of ${label} needs root: /proc/sys shows only the reader's own namespace, so portlab reads them from inside it (ip netns exec / nsenter)`,
    "run it with sudo, or run portlab inspect without --netns/--pid from inside that namespace",
  );
}

function gone(label: string, cause: unknown): Error {
  return environmentError(
    "INSPECT_TARGET_GONE",
    `${label} is gone`,
    "inspect a namespace that exists",
    cause,
  );
}

/** Whether a process shares this process's network namespace. */
function sameNetworkNamespace(pid: number): boolean {
  try {
    const theirs = statSync(`/proc/${pid}/ns/net`);
    const ours = statSync("/proc/self/ns/net");
    return theirs.ino === ours.ino && theirs.dev === ours.dev;
  } catch {
    // Another user's ns link needs ptrace rights; the proc entries of /proc/<pid>/net are made once per
    // network namespace, so their inode tells namespaces apart too, and is readable by anyone.
    return statSync(`/proc/${pid}/net/tcp`).ino === statSync("/proc/self/net/tcp").ino;
  }
}

function readAt(netDir: string, label: string): Reading {
  try {
    const tcp = readProcFile(join(netDir, "tcp"));
    const tcp6 = existsSync(join(netDir, "tcp6")) ? readProcFile(join(netDir, "tcp6")) : null;
    const atMs = Date.now();
    const snmp = readProcFile(join(netDir, "snmp")).toString("latin1");
    return readingOf(tcp, tcp6, snmp, atMs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ESRCH") throw gone(label, error);
    throw error;
  }
}

function localTarget(description: TargetDescription, label: string, netDir: string): InspectTarget {
  return {
    description,
    label,
    read: async () => ({ reading: readAt(netDir, label), kernelParams: readKernelParamValues() }),
  };
}

/**
 * Opens the namespace to inspect: this process's own (no root needed), a named one (`ip netns exec`), or a
 * process's (`/proc/PID/net`; its kernel parameters through `nsenter` when it is not ours). Nothing is ever
 * written: tables and counters come from /proc/<pid>/net, parameters from /proc/sys read inside the namespace.
 */
export async function openTarget(
  spec: { netns?: string; pid?: number },
  teardown: TeardownStack,
): Promise<InspectTarget> {
  if (spec.netns !== undefined) {
    const name = spec.netns;
    const label = `network namespace ${name}`;
    if (!NETNS_NAME.test(name) || !existsSync(join("/run/netns", name))) {
      throw invalidInput(
        "INSPECT_NO_NETNS",
        `--netns ${JSON.stringify(name)}: no such network namespace`,
        "name one that `ip netns list` shows",
      );
    }
    if (!isRoot()) throw needsRoot(label);
    const reader = await startReader(["ip", "netns", "exec", name], label);
    teardown.push(`stop the reader in ${name}`, () => reader.close());
    const netDir = `/proc/${reader.pid}/net`;
    return {
      description: { kind: "netns", name },
      label,
      read: async () => {
        const kernelParams = await reader.kernelParams();
        return { reading: readAt(netDir, label), kernelParams };
      },
    };
  }
  if (spec.pid !== undefined) {
    const pid = spec.pid;
    const label = `the network namespace of process ${pid}`;
    if (!existsSync(`/proc/${pid}/net/tcp`)) {
      throw invalidInput(
        "INSPECT_NO_PROCESS",
        `--pid ${pid}: no such process`,
        "give the pid of a running process",
      );
    }
    const description = { kind: "pid", pid } as const;
    const netDir = `/proc/${pid}/net`;
    if (sameNetworkNamespace(pid)) return localTarget(description, label, netDir);
    if (!isRoot()) throw needsRoot(label);
    const reader = await startReader(["nsenter", `--net=/proc/${pid}/ns/net`, "--"], label);
    teardown.push(`stop the reader in ${label}`, () => reader.close());
    return {
      description,
      label,
      read: async () => {
        const kernelParams = await reader.kernelParams();
        return { reading: readAt(netDir, label), kernelParams };
      },
    };
  }
  return localTarget({ kind: "current" }, "this network namespace", "/proc/self/net");
}
