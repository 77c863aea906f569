export * from "./browser.js";
export type { SandboxServer, SandboxServerOptions } from "./server.js";
export { startSandbox } from "./server.js";
export type { DeliveryAttempt, WebhookDelivery } from "./webhooks.js";
export { RETRY_DELAYS_MS } from "./webhooks.js";
