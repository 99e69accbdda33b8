import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { STATE_ROOT } from "../../src/core/run-record.js";

/** The host's /proc/sys/net/ipv4 values by file name (read only). */
export function hostIpv4Sysctls(): Record<string, string> {
  const values: Record<string, string> = {};
  const dir = "/proc/sys/net/ipv4";
  for (const name of readdirSync(dir)) {
    try {
      values[name] = readFileSync(join(dir, name), "utf8");
    } catch {
      // Directories (conf/, neigh/) and write-only files are not values.
    }
  }
  return values;
}

/** Anything portlab creates that is still around: namespaces, host veths, nginx processes, run records. */
export function portlabLeftovers(): string[] {
  const found: string[] = [];
  const namespaces = execFileSync("ip", ["netns", "list"], { encoding: "utf8" });
  for (const line of namespaces.split("\n"))
    if (line.startsWith("portlab-")) found.push(`namespace ${line.split(" ")[0]}`);
  const links = execFileSync("ip", ["-o", "link", "show", "type", "veth"], { encoding: "utf8" });
  for (const line of links.split("\n")) if (/: pl[cs][0-9a-f]{8}[@:]/.test(line)) found.push(`veth ${line}`);
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      if (command.startsWith("nginx") && command.includes(`${STATE_ROOT}/`))
        found.push(`nginx ${pid}: ${command}`);
    } catch {}
  }
  for (const entry of existsSync(STATE_ROOT) ? readdirSync(STATE_ROOT) : [])
    if (/^[0-9a-f]{8}$/.test(entry)) found.push(`${STATE_ROOT}/${entry}`);
  return found;
}
