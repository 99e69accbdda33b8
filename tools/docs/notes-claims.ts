import type { CloseMode } from "../../src/core/connection.js";

export type Verdict = "true" | "partly true" | "false" | "obsolete";

/** One claim of reference/seed-notes.txt, the profiles that test it, and what holds on Linux ≥ 4.12. */
export interface NotesClaim {
  readonly id: string;
  /** The claim, in English. */
  readonly claim: string;
  /** Short quote from the notes (Chinese), so a reader can find it. */
  readonly notes: string;
  /** Profiles to run side by side; empty when the claim is checked by reading, not by a run. */
  readonly profiles: readonly string[];
  /** Clients and close modes the comparison needs, when not the default short client-first. */
  readonly clients?: readonly string[];
  readonly closeModes?: readonly CloseMode[];
  readonly verdict: Verdict;
  readonly truth: string;
}

export const notesClaims: readonly NotesClaim[] = [
  {
    id: "time-wait-exhausts-client",
    claim: "many short connections leave TIME_WAIT and the client runs out of ports",
    notes: "导致很多的TIME_WAIT，以至于用光了可用的端口号",
    profiles: ["linux-default", "narrow-range"],
    verdict: "true",
    truth:
      "on the side that closes first; TIME_WAIT lasts 60 s (TCP_TIMEWAIT_LEN, not tunable), ~61 s with timer slack",
  },
  {
    id: "client-side-problem",
    claim: "it is a client problem, not a server problem",
    notes: "是客户端的问题不是服务器端的问题",
    profiles: ["narrow-range"],
    closeModes: ["client-first", "server-first", "reset"],
    verdict: "partly true",
    truth:
      "TIME_WAIT follows whoever closes first: with server-first close it moves to the server and client ports free",
  },
  {
    id: "time-wait-eats-memory",
    claim: "huge TIME_WAIT counts consume kernel memory",
    notes: "这个数量增大会占用系统的内核",
    profiles: ["narrow-range", "max-tw-buckets-small"],
    verdict: "partly true",
    truth:
      "a TIME_WAIT socket is a small struct capped by tcp_max_tw_buckets; the limit you hit is ports, not memory",
  },
  {
    id: "horizontal-scale",
    claim: "fix 1: add machines",
    notes: "横向扩展：简单就是加机器",
    profiles: ["narrow-range", "more-source-ips", "more-destinations"],
    verdict: "true",
    truth: "each source IP, and each destination ip:port (4-tuple rule), has its own port space",
  },
  {
    id: "tw-reuse",
    claim: "tcp_tw_reuse=1 lets TIME_WAIT sockets be reused for new connections",
    notes: "net.ipv4.tcp_tw_reuse = 1  表示开启重用",
    profiles: ["narrow-range", "tw-reuse", "tw-reuse-fast"],
    verdict: "partly true",
    truth:
      "outgoing connect() only, 1 s after close (tcp_tw_reuse_delay, 6.14+); not for clients that bind first",
  },
  {
    id: "tw-reuse-default",
    claim: "tcp_tw_reuse defaults to 0 (off)",
    notes: "默认为0，表示关闭",
    profiles: ["linux-default", "loopback"],
    verdict: "false",
    truth: "the default is 2 since 4.18: reuse on loopback only, which is why a 127.0.0.1 lab hides the bug",
  },
  {
    id: "timestamps-needed",
    claim: "tcp_tw_reuse does nothing unless TCP timestamps are on",
    notes: "若该项设置为0，则下面一项设置不起作用",
    profiles: ["tw-reuse", "tw-reuse-no-timestamps"],
    verdict: "true",
    truth:
      "reuse needs the timestamp option negotiated, so tcp_timestamps must be on at both ends (default 1)",
  },
  {
    id: "ip-forward-timestamps",
    claim: "net.ipv4.ip_forward=1 enables TCP timestamps",
    notes: "net.ipv4.ip_forward=1  表示开启对于TCP时间戳的支持",
    profiles: [],
    verdict: "false",
    truth: "ip_forward turns on routing between interfaces; timestamps are net.ipv4.tcp_timestamps",
  },
  {
    id: "syncookies-timestamps",
    claim: "net.ipv4.tcp_syncookies=1 enables TCP timestamps",
    notes: "net.ipv4.tcp_syncookies = 1  表示开启对于TCP时间戳的支持",
    profiles: [],
    verdict: "false",
    truth: "SYN cookies answer SYN-queue overflow; unrelated to timestamps and TIME_WAIT",
  },
  {
    id: "tw-recycle",
    claim: "tcp_tw_recycle=1 recycles TIME_WAIT sockets quickly",
    notes: "net.ipv4.tcp_tw_recycle = 1  表示开启TCP连接中TIME-WAIT sockets的快速回收",
    profiles: ["tw-recycle"],
    verdict: "obsolete",
    truth: "removed in Linux 4.12 (broke clients behind NAT: PAWS dropped their SYNs)",
  },
  {
    id: "fin-timeout",
    claim: "tcp_fin_timeout=30 shortens the wait before a port is released (default 60 s)",
    notes: "调低端口释放后的等待时间，默认为60s，修改为15~30s",
    profiles: ["narrow-range", "fin-timeout-short"],
    verdict: "false",
    truth: "it bounds orphaned FIN_WAIT_2; TIME_WAIT stays 60 s and ports run out as fast as before",
  },
  {
    id: "pooling",
    claim: "fix 3: switch short connections to long ones (a connection pool)",
    notes: "修改TCP短连接为长连接：连接池等",
    profiles: ["narrow-range"],
    clients: ["short", "pooled"],
    verdict: "true",
    truth: "a pool of N connections holds N ports for good and never exhausts while N fits the range",
  },
  {
    id: "nat-syn-drops",
    claim:
      "LB → nginx SYNs went unanswered (PAWS, 'rejected because of time stamp'); tcp_tw_recycle=0 fixed it",
    notes: "passive connections rejected because of time stamp",
    profiles: ["nat", "nat-no-timestamps", "nat-wide-range"],
    closeModes: ["server-first", "client-first"],
    clients: ["short", "pooled"],
    verdict: "true",
    truth:
      "still on 6.x without tw_recycle: the server's TIME_WAIT PAWS-rejects reused NAT 4-tuples (nat-syn-drops.yaml)",
  },
  {
    id: "close-wait",
    claim: "CLOSE_WAIT piles up",
    notes: "CLOSE_WAIT状态的原因与解决方法",
    profiles: [],
    verdict: "true",
    truth: "the passive closer never calls close(): an application bug, visible as CLOSE_WAIT on that side",
  },
];
