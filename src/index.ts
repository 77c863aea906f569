export type { BlynkAuth } from "./blynk/auth.js";
export type { BlynkClient, BlynkClientOptions, BlynkOrganizations } from "./blynk/client.js";
export { createBlynkClient } from "./blynk/client.js";
export type {
  BlynkOrganization,
  BlynkOrganizationCreate,
  BlynkOrganizationId,
  BlynkOrganizationPage,
  BlynkOrganizationUpdate,
  BlynkPagingParams,
  BlynkSearchParams,
} from "./blynk/types.js";
export type {
  ApiErrorInit,
  ErrorDetail,
  UnexpectedResponseInit,
  ValidationIssue,
  WebhookVerificationReason,
} from "./errors.js";
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  OrgkitError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
  WebhookVerificationError,
} from "./errors.js";
export type {
  CallOptions,
  Clock,
  CommonOptions,
  Fetch,
  Logger,
  Pacer,
  RateLimitOptions,
  RetryOptions,
  Secret,
} from "./options.js";
export { collect } from "./paging/collect.js";
export type { PagingOptions } from "./paging/pager.js";
export { RateLimiter } from "./rate-limit.js";
export type { ApiKey, AuthScheme } from "./recrubo/auth.js";
export type {
  RecruboClient,
  RecruboClientOptions,
  RecruboOrganizations,
  RecruboOwnOrganization,
} from "./recrubo/client.js";
export { createRecruboClient } from "./recrubo/client.js";
export type {
  RecruboCreateAttributes,
  RecruboListParams,
  RecruboOrganization,
  RecruboOrganizationId,
  RecruboOrganizationList,
  RecruboPagingParams,
  RecruboSortField,
  RecruboUpdateAttributes,
} from "./recrubo/types.js";
export type { RecruboWebhookPayload } from "./recrubo/webhooks.js";
export { RECRUBO_WEBHOOK_MAX_BYTES, RECRUBO_WEBHOOK_SECRET_HEADER, verifyRecruboWebhook } from "./recrubo/webhooks.js";
export { type NodeIncomingMessage, verifyRecruboWebhookFromNode } from "./recrubo/webhooks-node.js";
export { VERSION } from "./version.js";
