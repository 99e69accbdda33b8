/** `host:port` as a URL authority or a Host header: an IPv6 literal goes in brackets (RFC 3986). */
export function hostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The http URL of one port of the load's target; `path` "" gives the origin. */
export function targetUrl(host: string, port: number, path = "/"): string {
  return `http://${hostPort(host, port)}${path}`;
}
