export type { BlynkAuth } from "./blynk/auth.js";
export * from "./blynk/client.js";
export type * from "./blynk/types.js";
export * from "./errors.js";
export type * from "./options.js";
export { collect } from "./paging/collect.js";
export type { PagingOptions } from "./paging/pager.js";
export { RateLimiter } from "./rate-limit.js";
export type { ApiKey, AuthScheme } from "./recrubo/auth.js";
export * from "./recrubo/client.js";
export type * from "./recrubo/types.js";
export {
  RECRUBO_WEBHOOK_MAX_BYTES,
  RECRUBO_WEBHOOK_SECRET_HEADER,
  type RecruboWebhookPayload,
  verifyRecruboWebhook,
} from "./recrubo/webhooks.js";
export { type NodeIncomingMessage, verifyRecruboWebhookFromNode } from "./recrubo/webhooks-node.js";
export { VERSION } from "./version.js";
