/**
 * The read-only reader `portlab inspect` starts inside another network namespace (`ip netns exec NAME` or
 * `nsenter --net=/proc/PID/ns/net`): /proc/sys/net shows only the reader's own namespace. It prints the kernel
 * parameters as one JSON line at start and again for every line on stdin, and exits when stdin closes. While
 * it lives, /proc/<its pid>/net shows the namespace's sockets to the parent. It opens nothing for writing.
 */
import { createInterface } from "node:readline";
import { readKernelParamValues } from "./kernel-params.js";

function answer(): void {
  process.stdout.write(`${JSON.stringify(readKernelParamValues())}\n`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  answer();
  createInterface({ input: process.stdin }).on("line", answer);
}
