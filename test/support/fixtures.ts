import type { BlynkOrganization, RecruboOrganization } from "../../src/index.js";

// Bodies taken from the vendors' documentation (see openapi/ examples).
export const recruboBaseUrl = "https://api.recrubo.app";
export const blynkBaseUrl = "https://blynk.cloud";
export const partnerKey = "rk_live_partner_7f3a9c2e5b1d";
export const clientId = "oa2-client-id_4b8e2f";
export const clientSecret = "cs_9d7a5b3c1e0f2468";
export const accessToken = "eIdWHQqRfFmvP5LDDh-IGxPUzi7I27HthzCPAVmS";
export const refreshToken = "Qq8ZtCt1b6xjDm7y4lTnVFpR3sWk0aHcUoJ2eN9g";

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

export const tokenResponse = {
  access_token: accessToken,
  token_type: "Bearer",
  expires_in: 86400,
  refresh_token: refreshToken,
} as const;
