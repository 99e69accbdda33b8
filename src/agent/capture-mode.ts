import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import * as z from "zod";

/** What `agent capture REQUEST` runs: tcpdump on one interface of the host, bounded, into one file. */
export const captureRequestSchema = z.object({
  file: z.string().min(1),
  interface: z.string().regex(/^[A-Za-z0-9_.@-]{1,15}$/),
  snapLength: z.number().int().positive().describe("Bytes kept of each packet (headers only)."),
  packets: z.number().int().positive().describe("tcpdump exits by itself after this many packets."),
});
export type CaptureRequest = z.infer<typeof captureRequestSchema>;

/** The agent's lines on stdout: `capturing` once tcpdump listens, `captured` when it has exited. */
export const captureReportSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("capturing") }),
  z.object({
    type: z.literal("captured"),
    packets: z.number().int().min(0).nullable(),
    exit: z.string(),
    stderr: z.string(),
  }),
]);
export type CaptureReport = z.infer<typeof captureReportSchema>;

/** tcpdump's arguments: no name lookups, headers only, a packet cap, TCP only, kept as root (it writes as root). */
export function tcpdumpArgs(request: CaptureRequest): string[] {
  return [
    "-i",
    request.interface,
    "-n",
    "-s",
    String(request.snapLength),
    "-c",
    String(request.packets),
    "-Z",
    "root",
    "-w",
    request.file,
    "tcp",
  ];
}

/**
 * Runs tcpdump until it reaches its packet cap or the runner closes stdin (or signals the agent), then stops it
 * with SIGTERM, which makes it flush the file. Resolves with the exit code for the agent.
 */
export function runCapture(request: CaptureRequest, say: (report: CaptureReport) => void): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn("tcpdump", tcpdumpArgs(request), { stdio: ["ignore", "ignore", "pipe"] });
    const stderr: string[] = [];
    let packets: number | null = null;
    const lines = createInterface({ input: child.stderr });
    lines.on("line", (line) => {
      if (/listening on /.test(line)) say({ type: "capturing" });
      const captured = /^(\d+) packets? captured/.exec(line);
      if (captured) packets = Number(captured[1]);
      else if (stderr.length < 20) stderr.push(line);
    });
    const stop = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    };
    process.stdin.on("end", stop).on("error", stop).resume();
    process.once("SIGTERM", stop).once("SIGINT", stop);
    child.once("error", (error) => {
      say({ type: "captured", packets: null, exit: error.message, stderr: stderr.join("\n") });
      resolve(1);
    });
    child.once("close", (code, signal) => {
      say({ type: "captured", packets, exit: String(signal ?? code), stderr: stderr.join("\n") });
      resolve(code === 0 || signal === "SIGTERM" ? 0 : 1);
    });
  });
}
