// The spec's own types, as openapi-typescript writes them: what the aliases above are made of.
export type {
  components as BlynkComponents,
  operations as BlynkOperations,
  paths as BlynkPaths,
} from "../generated/blynk.js";
export type * from "../generated/blynk.types.js";
export type {
  components as RecruboComponents,
  operations as RecruboOperations,
  paths as RecruboPaths,
  webhooks as RecruboWebhooks,
} from "../generated/recrubo.js";
export type * from "../generated/recrubo.types.js";
export type { BlynkAuth } from "./blynk/auth.js";
export * from "./blynk/client.js";
export * from "./errors.js";
export type * from "./options.js";
export { collect } from "./paging/collect.js";
export type { PagingOptions } from "./paging/pager.js";
export { RateLimiter } from "./rate-limit.js";
export type { ApiKey, AuthScheme } from "./recrubo/auth.js";
export * from "./recrubo/client.js";
export {
  RECRUBO_WEBHOOK_MAX_BYTES,
  RECRUBO_WEBHOOK_SECRET_HEADER,
  type RecruboWebhookPayload,
  verifyRecruboWebhook,
} from "./recrubo/webhooks.js";
export { type NodeIncomingMessage, verifyRecruboWebhookFromNode } from "./recrubo/webhooks-node.js";
export { VERSION } from "./version.js";
