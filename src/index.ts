export { createBlynkClient } from "./blynk/client.js";
export type {
  BlynkClient,
  BlynkClientOptions,
  BlynkOrganization,
  BlynkOrganizationCreate,
  BlynkOrganizationId,
  BlynkOrganizationPage,
  BlynkOrganizations,
  BlynkOrganizationUpdate,
  BlynkSearchParams,
} from "./blynk/client.js";
export type { BlynkAuth } from "./blynk/auth.js";
export { createRecruboClient } from "./recrubo/client.js";
export type {
  RecruboClient,
  RecruboClientOptions,
  RecruboCreateAttributes,
  RecruboListParams,
  RecruboOrganization,
  RecruboOrganizationId,
  RecruboOrganizationList,
  RecruboOrganizations,
  RecruboOwnOrganization,
  RecruboSortField,
  RecruboUpdateAttributes,
} from "./recrubo/client.js";
export type { ApiKey, AuthScheme } from "./recrubo/auth.js";
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
} from "./errors.js";
export type { ErrorDetail, ValidationIssue } from "./errors.js";
export type { CallOptions, CommonOptions } from "./internal/client-core.js";
export type { Clock } from "./internal/clock.js";
export type { Logger } from "./internal/logging.js";
export type { RetryOptions } from "./internal/retry.js";
export { collect } from "./paging/collect.js";
export type { PagingOptions } from "./paging/pager.js";
export type { BlynkPagingParams } from "./blynk/paging.js";
export type { RecruboPagingParams } from "./recrubo/paging.js";
export { VERSION } from "./version.js";
