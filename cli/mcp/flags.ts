import { parseArgs } from "node:util";

/** What `orgkit mcp` is started with. */
export interface Flags {
  /** Only the tools that read. */
  readOnly: boolean;
  /** The tools allowed, by name; all when absent. */
  tools: string[] | undefined;
  /** Serves an in-process sandbox, with its own credentials, instead of the APIs. */
  sandbox: boolean;
  /** A file of `NAME=value` lines read beside the environment (whose values win). */
  envFile: string | undefined;
  /** Shows an issued organization token in results instead of masking it. */
  revealSecrets: boolean;
  help: boolean;
}

export const usage = `Usage: orgkit mcp [--read-only] [--tools name,name] [--sandbox] [--env-file PATH] [--reveal-secrets]

Serves the Recrubo and Blynk Cloud organizations APIs as MCP tools over stdio.

  --read-only       only the tools that read
  --tools a,b       only these tools (by name, as tools/list shows them)
  --sandbox         an in-process sandbox of both APIs: no account or credentials needed
  --env-file PATH   read credentials from a file of NAME=value lines too
  --reveal-secrets  show the token of an organization created or re-keyed, instead of masking it

Credentials come from the environment: RECRUBO_API_KEY (partner routes), RECRUBO_ORGANIZATION_KEY
(an organization's own routes), BLYNK_CLIENT_ID and BLYNK_CLIENT_SECRET or BLYNK_ACCESS_TOKEN;
RECRUBO_BASE_URL and BLYNK_BASE_URL override the base URLs. ORGKIT_LOG (debug, info, warn, error)
logs each request on stderr.`;

/** The flags, or what is wrong with them. */
export function parseFlags(args: readonly string[]): Flags | { error: string } {
  try {
    const { values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        "read-only": { type: "boolean", default: false },
        tools: { type: "string", multiple: true },
        sandbox: { type: "boolean", default: false },
        "env-file": { type: "string" },
        "reveal-secrets": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    return {
      readOnly: values["read-only"],
      tools: values.tools?.flatMap((list) => list.split(",").map((name) => name.trim())).filter((name) => name !== ""),
      sandbox: values.sandbox,
      envFile: values["env-file"],
      revealSecrets: values["reveal-secrets"],
      help: values.help,
    };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
