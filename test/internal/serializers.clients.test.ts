import { describe, expect, test } from "vitest";
import { commaSeparated } from "../../generated/recrubo.rules.js";
import { ValidationError } from "../../src/index.js";
import { recruboClient } from "../support/clients.js";
import { forbiddenFetch, onlyRequest, scripted } from "../support/fetches.js";
import { recruboListDocument } from "../support/fixtures.js";
import { rejectionOf } from "../support/rejection.js";

describe("the query serializer in a client", () => {
  test("the Recrubo client sends sort comma-separated, as its generated rules list it", async () => {
    expect(commaSeparated).toEqual(["sort"]);
    const { fetch, requests } = scripted(() => Response.json(recruboListDocument));
    const { client } = recruboClient({ fetch, retry: false });

    await client.organizations.list({ sort: ["-createdAt", "name"] });

    expect(onlyRequest(requests).url.search).toBe("?sort=-createdAt,name");
  });

  test("the Recrubo client refuses an empty sort before sending", async () => {
    const { fetch } = forbiddenFetch();
    const { client } = recruboClient({ fetch, retry: false });

    const error = await rejectionOf(client.organizations.list({ sort: [] }), ValidationError);

    expect(error.issues).toEqual([expect.objectContaining({ field: "sort", rule: "minItems" })]);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("the path serializer in a client", () => {
  test("guards raw calls too: no request leaves with a climbing path", async () => {
    const { fetch } = forbiddenFetch();
    const { client } = recruboClient({ fetch, retry: false });

    await expect(
      client.raw.DELETE("/public/v2/management/organizations/{id}", { params: { path: { id: ".." } } }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(fetch).not.toHaveBeenCalled();
  });
});
