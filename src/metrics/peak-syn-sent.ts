import type { HostMetric } from "./metric.js";

/** Connections whose SYN is out and unanswered: they pile up when a NAT router or a full backlog drops SYNs. */
export const peakSynSent: HostMetric = {
  name: "peakSynSent",
  source: "hosts",
  description: "peak SYN_SENT sockets on a client host",
  unit: "sockets",
  better: "lower",
  regression: "more is a regression",
  worse: "more connections waiting for a SYN-ACK at the peak",
  roles: ["client"],
  read: (second) => second.states.SYN_SENT ?? 0,
  over: "peak",
  across: "max",
  chart: { id: "syn-sent", title: "SYN_SENT sockets (client)", label: "SYN_SENT" },
};
