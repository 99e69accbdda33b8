import * as z from "zod";
import { isSysctlName } from "./sysctl-name.js";

/**
 * The agent's one-shot `sysctl REQUEST` exchange (agent/sysctl-mode.ts serves it): REQUEST is JSON
 * { set: [[name, value], …], read: [name, …] }; the reply on stdout is JSON
 * { values: { name: value | null }, failures: { name: message } }. Both ends check it against these schemas.
 */
const sysctlName = z.string().refine(isSysctlName, { error: "not a network sysctl name" });

export const sysctlRequestSchema = z.object({
  set: z.array(z.tuple([sysctlName, z.string().max(64)])).readonly(),
  read: z.array(sysctlName).readonly(),
});
export type SysctlRequest = z.infer<typeof sysctlRequestSchema>;

export const sysctlReplySchema = z.object({
  values: z
    .record(z.string(), z.string().nullable())
    .describe("Each name read back; null where the namespace has no such file."),
  failures: z.record(z.string(), z.string()).describe("Names that could not be set, with why."),
});
export type SysctlReply = z.infer<typeof sysctlReplySchema>;
