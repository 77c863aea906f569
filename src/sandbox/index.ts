export { createSandbox } from "./sandbox.js";
export type { Sandbox, SandboxOptions } from "./sandbox.js";
export { startSandbox } from "./server.js";
export { SandboxBugError } from "./bug.js";
export type { SandboxServer, SandboxServerOptions } from "./server.js";
export type { Faults } from "./faults.js";
export type { AdmittedRequest, SandboxRequest } from "./front-door.js";
export type { BlynkSandbox, BlynkSandboxClient, BlynkSandboxOptions } from "./blynk.js";
export type { RecruboRecord, RecruboSandbox, RecruboSandboxOptions } from "./recrubo.js";
