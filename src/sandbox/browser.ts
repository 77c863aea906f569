// orgkit/sandbox for browsers and workers: the in-memory sandbox without the HTTP server, so that
// a bundler targeting them meets no node:* module. The package's exports pick it by condition.

export type { BlynkSandbox, BlynkSandboxClient, BlynkSandboxOptions } from "./blynk.js";
export { SandboxBugError } from "./bug.js";
export type { CorsOption } from "./cors.js";
export { delayHeader, type Fault, type Faults } from "./faults.js";
export type { AdmittedRequest, SandboxRequest } from "./front-door.js";
export type { Reply } from "./http.js";
export type { RecruboRecord, RecruboSandbox, RecruboSandboxOptions } from "./recrubo.js";
export type { Sandbox, SandboxOptions } from "./sandbox.js";
export { createSandbox } from "./sandbox.js";
