/**
 * Failed connect() calls of a traced program, from the output of
 * `strace -f -e trace=connect -e status=failed -ttt -o FILE`: one line per call that returned -1,
 *   `17028 1796121187.144316 connect(19, {sa_family=AF_INET, …}, 16) = -1 EADDRNOTAVAIL (Cannot assign …)`
 * Only TCP/IP destinations count (glibc's AF_UNIX probes of nscd fail on most machines). A non-blocking connect
 * "fails" with EINPROGRESS while its handshake goes on: that and the other returns that do not end a connection
 * attempt are left out. Failures reported later through SO_ERROR (a refused or timed-out non-blocking connect)
 * are not connect()'s return and are not seen; port exhaustion always is, connect() returns it at once.
 */
export interface StraceConnectFailures {
  /** Failed connect() calls by errno name. */
  readonly errors: Readonly<Record<string, number>>;
  /** Milliseconds from `startEpochMs` to the first failure of each errno (strace's -ttt clock is the wall clock). */
  readonly firstErrorMs: Readonly<Record<string, number>>;
  /** Lines that looked like neither a connect() result nor strace's own notes (a format this parser does not know). */
  readonly unreadLines: number;
}

/** Returns that do not end the attempt: in progress, already in progress or done, interrupted (it carries on). */
export const NOT_A_FAILURE = new Set(["EINPROGRESS", "EALREADY", "EISCONN", "EINTR"]);

const LINE = /^(?:\[pid\s+)?(\d+)\]?\s+(\d+\.\d+)\s+(.*)$/;
const RESULT = /\)\s+=\s+-1\s+([A-Z][A-Z0-9]*)\b/;
const INET = /sa_family=AF_INET6?\b/;

export class StraceConnectParser {
  private readonly counts: Record<string, number> = {};
  private readonly first: Record<string, number> = {};
  /** pid → whether its unfinished connect() was to an IP address (strace -f may split a call in two lines). */
  private readonly unfinished = new Map<string, boolean>();
  private partial = "";
  private unread = 0;

  constructor(private readonly startEpochMs: number) {}

  /** Feeds a chunk of output as it arrives (lines may be split across chunks). */
  push(chunk: string): void {
    const text = this.partial + chunk;
    const lines = text.split("\n");
    this.partial = lines.pop() ?? "";
    for (const line of lines) this.line(line);
  }

  /** What the output said; a last line without its newline is read too. */
  result(): StraceConnectFailures {
    if (this.partial !== "") this.line(this.partial);
    this.partial = "";
    return { errors: { ...this.counts }, firstErrorMs: { ...this.first }, unreadLines: this.unread };
  }

  private line(raw: string): void {
    const line = raw.trimEnd();
    if (line === "") return;
    const match = LINE.exec(line);
    if (!match) {
      this.unread += 1;
      return;
    }
    const [, pid = "", seconds = "0", call = ""] = match;
    if (call.startsWith("+++") || call.startsWith("---")) return; // exits and signals (when not suppressed)
    if (call.startsWith("connect(") && call.endsWith("<unfinished ...>")) {
      this.unfinished.set(pid, INET.test(call));
      return;
    }
    let inet: boolean;
    if (call.startsWith("<... connect resumed>")) {
      inet = this.unfinished.get(pid) ?? false;
      this.unfinished.delete(pid);
    } else if (call.startsWith("connect(")) inet = INET.test(call);
    else {
      this.unread += 1;
      return;
    }
    const errno = RESULT.exec(call)?.[1];
    if (errno === undefined) {
      this.unread += 1;
      return;
    }
    if (!inet || NOT_A_FAILURE.has(errno)) return;
    this.counts[errno] = (this.counts[errno] ?? 0) + 1;
    const atMs = Math.max(0, Math.round(Number(seconds) * 1000 - this.startEpochMs));
    const earlier = this.first[errno];
    // With -f, lines of different threads are not always in time order.
    if (earlier === undefined || atMs < earlier) this.first[errno] = atMs;
  }
}
