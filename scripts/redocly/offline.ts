// Redoc's bundle still points at a few assets on Redocly's CDN (the logo of its sidebar credit). The
// published pages must open offline and ask no other origin for anything, so each known remote
// asset is replaced by an inline one; the page template's Content-Security-Policy refuses any that
// a newer Redoc adds, and the browser check (npm run test:docs) fails on it.

/** Remote URLs in Redoc's bundle and their inline stand-ins. */
export const remoteAssets: ReadonlyArray<{ url: string; inline: string }> = [
  // An empty image fails to decode, so Redoc drops it and the credit reads "API docs by Redoc" (the
  // template supplies the name in CSS).
  { url: "https://cdn.redoc.ly/redoc/logo-mini-full.svg", inline: "data:," },
  { url: "https://cdn.redoc.ly/redoc/logo-mini.svg", inline: "data:," },
];

/** The page with every known remote asset replaced by its inline stand-in. */
export function withoutRemoteAssets(html: string): string {
  return remoteAssets.reduce((page, { url, inline }) => page.replaceAll(url, inline), html);
}
