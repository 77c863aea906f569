export * from "./browser.js";
export { startSandbox } from "./server.js";
export type { SandboxServer, SandboxServerOptions } from "./server.js";
