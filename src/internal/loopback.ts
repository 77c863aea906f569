// One rule for "this machine", shared by the client (plain http is allowed there) and the sandbox
// (webhooks are delivered there only): names that reach no resolver but the machine's own.

// The URL parser has already folded the equivalent spellings: case (LOCALHOST), shortened or
// numeric IPv4 (127.1, 2130706433, 0x7f.0.0.1) and IPv6 zero runs ([0:0::1]). `*.localhost` is
// left out: Node hands it to the system resolver, which may answer with any address.
const loopbackHost = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]|\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\])$/;

/** Whether a URL's host is this machine: `localhost`, `127.0.0.0/8` or `[::1]` (an IPv4-mapped 127 too). */
export function isLoopback(url: URL | string): boolean {
  const text = String(url);
  return URL.canParse(text) && loopbackHost.test(new URL(text).hostname);
}
