// The contenders of the per-call benchmark: the same call (GET one Blynk organization with a bearer
// token, JSON answer read) made by raw fetch, bare openapi-fetch (also with a time limit), orgkit's
// facade and `raw`, ky and @octokit/core. Each checks the answer it got, so none wins by skipping work.
import { Octokit } from "@octokit/core";
import ky from "ky";
import createClient from "openapi-fetch";
import type * as Orgkit from "orgkit";
import type { paths } from "../../generated/blynk.js";
import { accessToken } from "./fixture.js";

export interface Contender {
  name: string;
  call(): Promise<void>;
}

type Fetch = (input: Request | URL | string, init?: RequestInit) => Promise<Response>;

const authorization = `Bearer ${accessToken}`;

function expectAcme(organization: { name?: unknown } | undefined): void {
  if (organization?.name !== "Acme Fleet") throw new Error(`unexpected answer: ${JSON.stringify(organization)}`);
}

/**
 * `orgkit` is the built package (what users run), loaded by the caller. Without `fetch`, every
 * contender sends through its default, the global fetch, as its users do.
 */
export function contenders(orgkit: typeof Orgkit, baseUrl: string, given?: Fetch): Contender[] {
  const fetch = given ?? ((input, init) => globalThis.fetch(input, init));
  const fetchOption = given ? { fetch: given } : {};
  const url = `${baseUrl}/api/v1/organization?orgId=1`;
  const openapiFetch = createClient<paths>({ baseUrl, ...fetchOption, headers: { authorization } });
  // Pacing off, as the goals measure it: a Blynk client paces under 10,000 requests a minute by
  // default, which the benchmark would reach, and none of the other contenders paces.
  const blynk = orgkit.createBlynkClient({ baseUrl, auth: { accessToken }, ...fetchOption, rateLimit: false });
  const kyClient = ky.create({ baseUrl, headers: { authorization }, ...fetchOption });
  const octokit = new Octokit({ baseUrl, auth: accessToken, request: fetchOption });
  return [
    {
      name: "raw fetch",
      async call() {
        const response = await fetch(url, { headers: { authorization, accept: "application/json" } });
        if (!response.ok) throw new Error(`status ${response.status}`);
        expectAcme((await response.json()) as { name?: unknown });
      },
    },
    {
      name: "openapi-fetch",
      async call() {
        const { data } = await openapiFetch.GET("/api/v1/organization", { params: { query: { orgId: 1 } } });
        expectAcme(data);
      },
    },
    {
      // What a time limit costs any client on fetch: a signal and a timer per request, as each of orgkit's attempts has.
      name: "openapi-fetch, time-limited",
      async call() {
        const { data } = await openapiFetch.GET("/api/v1/organization", {
          params: { query: { orgId: 1 } },
          signal: AbortSignal.timeout(30_000),
        });
        expectAcme(data);
      },
    },
    {
      name: "orgkit organizations.get",
      async call() {
        expectAcme(await blynk.organizations.get(1));
      },
    },
    {
      name: "orgkit raw.GET",
      async call() {
        const { data } = await blynk.raw.GET("/api/v1/organization", { params: { query: { orgId: 1 } } });
        expectAcme(data);
      },
    },
    {
      name: "ky",
      async call() {
        expectAcme(
          await kyClient.get("/api/v1/organization", { searchParams: { orgId: 1 } }).json<{ name?: unknown }>(),
        );
      },
    },
    {
      name: "@octokit/core",
      async call() {
        const { data } = await octokit.request("GET /api/v1/organization", { orgId: 1 });
        expectAcme(data as { name?: unknown });
      },
    },
  ];
}
