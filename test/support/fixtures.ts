import type { components as BlynkComponents } from "../../generated/blynk.js";
import type { components as RecruboComponents } from "../../generated/recrubo.js";
import type {
  BlynkOrganization,
  BlynkOrganizationPage,
  RecruboOrganization,
  RecruboOrganizationList,
} from "../../src/index.js";

// Bodies taken from the vendors' documentation (see openapi/ examples).
export const recruboBaseUrl = "https://api.recrubo.app";
export const blynkBaseUrl = "https://blynk.cloud";
export const partnerKey = "rk_live_partner_7f3a9c2e5b1d";
export const clientId = "oa2-client-id_4b8e2f";
export const clientSecret = "cs_9d7a5b3c1e0f2468";
export const accessToken = "eIdWHQqRfFmvP5LDDh-IGxPUzi7I27HthzCPAVmS";
export const refreshToken = "Qq8ZtCt1b6xjDm7y4lTnVFpR3sWk0aHcUoJ2eN9g";
export const webhookSecret = "whsec_5f1c9a7e3b2d8046";

export const orgId = "303f151b-3f33-4ddd-9779-eb522f7225a9";

export const recruboOrganization = {
  id: orgId,
  type: "organizations",
  attributes: {
    createdAt: "2024-08-20T10:45:07+00:00",
    updatedAt: "2021-08-24T15:07:35+00:00",
    name: "Test Org",
    webhookUrl: null,
    webhookSecret: null,
    token: "5I9cezE6QPYl8v9jggrN3w",
  },
  relationships: { users: { links: { related: `/public/v2/users?filter[organizationId]=${orgId}` } } },
} satisfies RecruboOrganization;

/** The document of one organization, as get, create, update and refreshToken answer. */
export const recruboDocument = {
  data: recruboOrganization,
  meta: {},
} satisfies RecruboComponents["schemas"]["OrganizationDocument"];

/** A list document of `data`, 25 to a page, whose meta counts `total` (by default, what it holds). */
export function recruboList(data: RecruboOrganization[], total = data.length) {
  return {
    data,
    meta: {
      total,
      totalUnfiltered: total,
      currentSize: 25,
      currentPage: 1,
      maxPage: Math.max(1, Math.ceil(total / 25)),
    },
  } satisfies RecruboOrganizationList;
}

/** The list of the one fixture organization. */
export const recruboListDocument = recruboList([recruboOrganization]);

/** A JSON:API error document with one error of `status`. */
export function recruboErrorDocument(status: number) {
  return {
    errors: [{ code: "error", status, title: "Error", detail: `failed with ${status}` }],
  } satisfies RecruboComponents["schemas"]["ErrorDocument"];
}

export const blynkOrganization = {
  id: 1,
  name: "Acme Corp",
  description: "A test organization",
  parentOrganizationId: 1,
  tz: "Europe/Kyiv",
  unitSystem: "METRIC",
  phoneNumber: "+11234567890",
  lastModifiedTs: 1707244800000,
} satisfies BlynkOrganization;

/** A search page holding the one fixture organization. */
export const blynkPage = { content: [blynkOrganization], totalElements: 1 } satisfies BlynkOrganizationPage;

export const tokenResponse = {
  access_token: accessToken,
  token_type: "Bearer",
  expires_in: 86400,
  refresh_token: refreshToken,
} satisfies BlynkComponents["schemas"]["OAuth2Token"];

/** `count` Blynk organizations, ids 1 to `count`, for a fake server to page through. */
export function blynkOrganizations(count: number): BlynkOrganization[] {
  return Array.from(
    { length: count },
    (_, index) =>
      ({
        id: index + 1,
        name: `Acme ${index + 1}`,
        tz: "Europe/Kyiv",
        lastModifiedTs: 1707244800000 + index,
      }) satisfies BlynkOrganization,
  );
}

/** `count` Recrubo organizations named Org 1 to Org `count`, for a fake server to page through. */
export function recruboOrganizations(count: number): RecruboOrganization[] {
  return Array.from(
    { length: count },
    (_, index) =>
      ({
        id: `00000000-0000-4000-8000-${String(index + 1).padStart(12, "0")}`,
        type: "organizations",
        attributes: {
          createdAt: "2024-08-20T10:45:07+00:00",
          updatedAt: "2024-08-24T15:07:35+00:00",
          name: `Org ${index + 1}`,
          webhookUrl: null,
          webhookSecret: null,
          token: null,
        },
      }) satisfies RecruboOrganization,
  );
}
