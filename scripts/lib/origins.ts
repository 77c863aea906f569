// The published pages may load what they carry (data: and blob: URLs) and files of their own site;
// anything else is a request to another origin, which the browser check refuses and reports.
const inlineSchemes = new Set(["data:", "blob:", "about:"]);

/** Whether a page served from `siteOrigin` may request `url` without going to another origin. */
export function isOwnRequest(url: string, siteOrigin: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return inlineSchemes.has(parsed.protocol) || parsed.origin === siteOrigin;
}
