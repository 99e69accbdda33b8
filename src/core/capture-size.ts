import type { CaptureSpec } from "./scenario.js";

/** A pcap file's header is 24 bytes and each record's 16, so with `snapLength` N packets never exceed this. */
export function pcapBytes(packets: number, snapLength: number): number {
  return 24 + packets * (snapLength + 16);
}

/** The most packets whose pcap file stays within `bytes` (at least one). */
export function packetsWithinBytes(bytes: number, snapLength: number): number {
  return Math.max(1, Math.floor((bytes - 24) / (snapLength + 16)));
}

/** The most one capture file can take: tcpdump stops at the smaller of its packet and byte caps. */
export function captureFileBytes(spec: CaptureSpec): number {
  return Math.min(spec.bytes, pcapBytes(spec.packets, spec.snapLength));
}
