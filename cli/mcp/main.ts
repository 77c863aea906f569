// The MCP server's entry until the `orgkit` bin dispatches `orgkit mcp` to it:
// node --import tsx cli/mcp/main.ts [flags]
import { main } from "./server.js";

process.exit(await main(process.argv.slice(2)));
