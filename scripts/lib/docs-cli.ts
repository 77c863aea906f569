// site/cli.html: the command line's reference, written from the same help the CLI prints (itself
// written from the spec): the root's, then every command's, each under an anchor of its own.
import { cliCommands } from "../../cli/commands.js";
import { apiHelp, methodHelp, rootHelp } from "../../cli/help.js";
import { apis } from "../../cli/runtime.js";

/** The anchor of a command on the page: `blynk-organizations-search`. */
export const commandAnchor = (words: readonly string[]) => words.join("-");

export function renderCommandsPage(): string {
  const width = 100;
  const names = Object.keys(apis) as Array<keyof typeof apis>;
  const sections = names.flatMap((api) => [
    `  <h2 id="${api}">orgkit ${api}</h2>\n  <pre>${escapeHtml(apiHelp(api, width))}</pre>`,
    ...cliCommands
      .filter((each) => each.api === api)
      .map((each) => {
        const words = [each.api, each.resource, each.method];
        return `  <h3 id="${commandAnchor(words)}">orgkit ${escapeHtml(words.join(" "))}</h3>\n  <pre>${escapeHtml(methodHelp(each, width))}</pre>`;
      }),
  ]);
  const contents = cliCommands.map((each) => {
    const words = [each.api, each.resource, each.method];
    return `    <li><a href="#${commandAnchor(words)}"><code>orgkit ${escapeHtml(words.join(" "))}</code></a> ${escapeHtml(each.summary)}</li>`;
  });
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
  <title>orgkit command line reference</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 3rem auto; padding: 0 1rem; color: #1f2328; }
    pre { background: #f6f8fa; padding: 0.75rem 1rem; border-radius: 6px; overflow-x: auto; font-size: 13px; }
    h3 { margin-top: 2rem; }
  </style>
</head>
<body>
  <h1>orgkit command line reference</h1>
  <p>Every command, as <code>orgkit ... --help</code> prints it. The commands, their arguments and
  flags are written from the OpenAPI specs' operation declarations; this page is built from the
  same help. <a href="index.html">Back to the reference</a>.</p>
  <pre>${escapeHtml(rootHelp(width))}</pre>
  <h2>Commands</h2>
  <ul>
${contents.join("\n")}
  </ul>
${sections.join("\n")}
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
