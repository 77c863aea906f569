// What every contender of the per-call benchmark asks for and gets: one Blynk organization.
import type { BlynkOrganization } from "../../src/index.js";

// Typed by the spec: a field it renames fails to compile here, not only in the client.
export const organizationBody = JSON.stringify({
  id: 1,
  name: "Acme Fleet",
  description: "Every truck of the Acme fleet",
  parentOrganizationId: 0,
  tz: "Europe/Kyiv",
  unitSystem: "METRIC",
  phoneNumber: "+380441234567",
  address: { fullAddress: "1 Khreshchatyk St, Kyiv", country: "Ukraine", city: "Kyiv", state: "", zip: "01001" },
  lastModifiedTs: 1707244800000,
} satisfies BlynkOrganization);

export const accessToken = "bench-access-token-0123456789";

/**
 * A fetch that answers at once without any I/O, as a server would: with it, the time of a call is
 * the client's own CPU. Every contender's call is a GET, so there is no body to read.
 */
export async function stubFetch(_input: Request | URL | string, _init?: RequestInit): Promise<Response> {
  return new Response(organizationBody, { status: 200, headers: stubHeaders });
}

const stubHeaders = { "content-type": "application/json", "content-length": String(organizationBody.length) };
