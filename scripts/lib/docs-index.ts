/** What the index of the published reference lists for one API. */
export interface IndexEntry {
  /** The Redoc page, relative to the index. */
  href: string;
  title: string;
  version: string;
  summary: string;
  operations: number;
}

/** site/index.html: install line, quick start, and links to each API's page and the TypeScript reference. */
export function renderIndex({ entries, quickStart }: { entries: IndexEntry[]; quickStart: string }): string {
  const items = entries.map(
    (entry) => `    <li>
      <a href="${escapeHtml(entry.href)}">${escapeHtml(entry.title)}</a> <small>v${escapeHtml(entry.version)}, ${entry.operations} operations</small>
      <p>${escapeHtml(entry.summary)}</p>
    </li>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
  <title>orgkit API reference</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 3rem auto; padding: 0 1rem; color: #1f2328; }
    li { margin-bottom: 1rem; } small { color: #59636e; } p { margin: 0.25rem 0 0; }
    pre { background: #f6f8fa; padding: 0.75rem 1rem; border-radius: 6px; overflow-x: auto; font-size: 14px; }
  </style>
</head>
<body>
  <h1>orgkit API reference</h1>
  <p>Typed TypeScript clients for the Recrubo and Blynk Cloud organizations APIs, generated from
  orgkit's own OpenAPI 3.1 specs. These pages work offline.</p>
  <h2>Install</h2>
  <pre><code>npm install orgkit</code></pre>
  <h2>Quick start</h2>
  <pre><code>${escapeHtml(quickStart.trimEnd())}</code></pre>
  <h2>The APIs</h2>
  <p>Every operation shows the orgkit call that performs it, and whether the vendor documents it or
  orgkit inferred it.</p>
  <ul>
${items.join("\n")}
  </ul>
  <h2>TypeScript reference</h2>
  <p><a href="api/index.html">The public surface of orgkit</a>: the clients, their options, errors,
  paging, the sandbox, and the fields of every type.</p>
  <h2>Command line</h2>
  <p><a href="cli.html">Every <code>orgkit</code> command</a> with its arguments, flags, rules and
  credentials, as its <code>--help</code> prints them.</p>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
