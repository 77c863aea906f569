// The MCP server from a clone, without a build: node --import tsx cli/mcp/main.ts [flags]. The
// `orgkit` bin's `orgkit mcp` runs the same main from dist/mcp/server.js.
import { main } from "./server.js";

process.exit(await main(process.argv.slice(2)));
