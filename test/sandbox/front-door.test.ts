import { Buffer } from "node:buffer";
import { describe, expect, test } from "vitest";
import { bodyLimitBytes } from "../../src/sandbox/front-door.js";
import { createSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { FakeClock } from "../support/clock.js";
import { naming } from "../support/messages.js";
import { chunkSize, upload } from "./upload.js";

/** A body sent as these chunks, exactly as split. */
function chunked(...chunks: number[][]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(Uint8Array.from(chunk));
      controller.close();
    },
  });
}

const recruboCreate = "https://api.recrubo.app/public/v2/management/organizations/";
const blynkCreate = "https://blynk.cloud/api/v1/organization/create";

async function setup() {
  const sandbox = createSandbox({ clock: new FakeClock(), recrubo: { organizations: 1 }, blynk: { organizations: 1 } });
  const { clientId, clientSecret } = sandbox.credentials.blynk;
  const token = await sandbox.fetch(
    new Request("https://blynk.cloud/oauth2/token?grant_type=client_credentials", {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}` },
    }),
  );
  const accessToken = ((await token.json()) as { access_token: string }).access_token;
  const credentials = {
    [recruboCreate]: `Bearer ${sandbox.credentials.recrubo.apiKey}`,
    [blynkCreate]: `Bearer ${accessToken}`,
  };
  /** A POST with `body` to a create route, with the credentials it needs. */
  const post = (
    url: typeof recruboCreate | typeof blynkCreate,
    body: BodyInit,
    headers: Record<string, string> = {},
  ) => {
    // A streamed body needs `duplex`, which Node's fetch knows and the DOM typings do not.
    const init: RequestInit & { duplex: "half" } = {
      method: "POST",
      body,
      headers: { authorization: credentials[url]!, "content-type": "application/json", ...headers },
      duplex: "half",
    };
    return answerOf(sandbox, new Request(url, init));
  };
  return { sandbox, post };
}

async function answerOf(sandbox: Sandbox, request: Request) {
  const response = await sandbox.fetch(request);
  return { status: response.status, body: (await response.json()) as unknown };
}

describe("sandbox front door: body size", () => {
  test("refuses a 20 MB upload with 413 in Blynk's format, having read at most one chunk past the limit", async () => {
    const { post } = await setup();
    const { body, pulled } = upload(20 * 1024 * 1024);

    const answer = await post(blynkCreate, body);

    expect(answer).toEqual({
      status: 413,
      body: { error: { message: expect.stringMatching(/larger than 2097152 bytes \(2 MB\)/) } },
    });
    expect(pulled()).toBeGreaterThan(bodyLimitBytes);
    expect(pulled()).toBeLessThanOrEqual(bodyLimitBytes + chunkSize);
  });

  test("refuses a 20 MB upload with 413 in Recrubo's JSON:API format", async () => {
    const { post } = await setup();
    const { body, pulled } = upload(20 * 1024 * 1024);

    const answer = await post(recruboCreate, body);

    expect(answer).toEqual({
      status: 413,
      body: {
        errors: [
          { code: "content_too_large", status: 413, title: "Content Too Large", detail: expect.stringMatching(/2 MB/) },
        ],
      },
    });
    expect(pulled()).toBeLessThanOrEqual(bodyLimitBytes + chunkSize);
  });

  test("refuses a declared Content-Length over the limit without reading the body", async () => {
    const { post } = await setup();
    const { body, pulled } = upload(20 * 1024 * 1024);

    const answer = await post(blynkCreate, body, { "content-length": String(20 * 1024 * 1024) });

    expect(answer.status).toBe(413);
    expect(pulled()).toBe(0);
  });

  test("reads a body of exactly the limit, and refuses one byte more", async () => {
    const { post } = await setup();
    const json = (size: number) => `{"name":"${"a".repeat(size - 11)}"}`;

    const atLimit = await post(blynkCreate, json(bodyLimitBytes));
    const overLimit = await post(blynkCreate, json(bodyLimitBytes + 1));

    expect(json(bodyLimitBytes)).toHaveLength(bodyLimitBytes);
    expect(atLimit).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/^Some of the validations/) } },
    });
    expect(overLimit.status).toBe(413);
  });
});

describe("sandbox front door: encoding", () => {
  test("refuses a body that is not UTF-8 with 400, in each API's format", async () => {
    const { post } = await setup();

    const blynk = await post(blynkCreate, Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]));
    const recrubo = await post(recruboCreate, Uint8Array.from([0x7b, 0xc0, 0xaf, 0x7d]));

    expect(blynk).toEqual({ status: 400, body: { error: { message: naming("UTF-8") } } });
    expect(recrubo).toEqual({
      status: 400,
      body: {
        errors: [{ code: "bad_request", status: 400, title: "Bad Request", detail: naming("UTF-8") }],
      },
    });
  });

  test("refuses a body that ends in the middle of a character", async () => {
    const { post } = await setup();

    const answer = await post(blynkCreate, Uint8Array.from([...Buffer.from(`{"name":"Caf`), 0xc3]));

    expect(answer).toEqual({ status: 400, body: { error: { message: naming("UTF-8") } } });
  });

  test("decodes a character split across two chunks", async () => {
    const { post, sandbox } = await setup();
    const [first, second] = [
      Buffer.from(`{"name":"Caf\u00e9 Kyiv"}`).subarray(0, 13),
      Buffer.from(`{"name":"Caf\u00e9 Kyiv"}`).subarray(13),
    ];

    const answer = await post(blynkCreate, chunked([...first], [...second]));

    expect(first.at(-1)).toBe(0xc3); // the chunk ends inside "é"
    expect(answer).toMatchObject({ status: 201, body: { name: "Caf\u00e9 Kyiv" } });
    expect(sandbox.blynk.organizations().map((organization) => organization.name)).toContain("Caf\u00e9 Kyiv");
  });
});

describe("sandbox front door: request line and headers", () => {
  test.each([["a b"], ["example.com/evil"], ["user@example.com"], ["example.com:port"], [""], ["a, b"]])(
    "refuses the Host %j with 400, in the format of the API the path belongs to",
    async (host) => {
      const { sandbox } = await setup();

      const blynk = await answerOf(
        sandbox,
        new Request("https://blynk.cloud/api/v1/organization/profile", { headers: { host } }),
      );
      const recrubo = await answerOf(
        sandbox,
        new Request("https://api.recrubo.app/public/v2/organizations", { headers: { host } }),
      );

      expect(blynk).toEqual({
        status: 400,
        body: { error: { message: naming("Host", JSON.stringify(host)) } },
      });
      expect(recrubo).toMatchObject({
        status: 400,
        body: { errors: [{ code: "bad_request", status: 400, title: "Bad Request" }] },
      });
    },
  );

  test.each([["blynk.cloud"], ["api.recrubo.app:443"], ["127.0.0.1:8080"], ["[::1]:8080"]])(
    "accepts the Host %j",
    async (host) => {
      const { sandbox } = await setup();

      const answer = await answerOf(
        sandbox,
        new Request("https://blynk.cloud/api/v1/organization/profile", { headers: { host } }),
      );

      expect(answer.status).toBe(401); // past the front door, at the service's own check
    },
  );

  test("refuses a request whose URL does not parse, in Blynk's format", async () => {
    const { sandbox } = await setup();
    const request = {
      method: "GET",
      url: "http://[",
      headers: new Headers(),
      body: null,
      signal: new AbortController().signal,
    };

    const response = await sandbox.answer(request);

    expect(response?.status).toBe(400);
    expect(await response?.json()).toEqual({ error: { message: naming("URL") } });
  });

  test("refuses a GET or HEAD that carries a body, which a Node request can and a fetch Request cannot", async () => {
    const { sandbox } = await setup();
    const withBody = (method: string, url: string) => ({
      method,
      url,
      headers: new Headers(),
      body: upload(3).body,
      signal: new AbortController().signal,
    });

    const get = await sandbox.answer(withBody("GET", "https://api.recrubo.app/public/v2/organizations"));
    const head = await sandbox.answer(withBody("HEAD", "https://blynk.cloud/api/v1/organization/profile"));

    expect(get?.status).toBe(400);
    expect(await get?.json()).toMatchObject({
      errors: [{ status: 400, detail: "A GET request must not have a body." }],
    });
    expect(head?.status).toBe(400);
    expect(head?.headers.get("content-type")).toBe("application/json");
    expect(await head?.text()).toBe("");
  });

  test("takes no fault for a request it refuses: the fault waits for the next request that reaches the service", async () => {
    const { sandbox, post } = await setup();
    sandbox.faults.failNext(1, 503);

    const refused = await post(blynkCreate, Uint8Array.from([0xff]));
    const next = await answerOf(sandbox, new Request("https://blynk.cloud/api/v1/organization/profile"));

    expect(refused.status).toBe(400);
    expect(next.status).toBe(503);
  });
});
