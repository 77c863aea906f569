// examples/readme/sandbox.ts
import { setupServer } from "msw/node";
import nock from "nock";
import { createBlynkClient, createRecruboClient } from "orgkit";
import { createSandbox, startSandbox } from "orgkit/sandbox";
import { handleWithSandbox } from "orgkit/sandbox/msw";
import { interceptWithSandbox } from "orgkit/sandbox/nock";
import { expect, test } from "vitest";

test("creates a branch under the root", async () => {
  // 1. As the client's fetch: no network at all.
  const sandbox = createSandbox({ blynk: { organizations: 5 } });
  const blynk = createBlynkClient({ auth: sandbox.credentials.blynk, fetch: sandbox.fetch });

  const branch = await blynk.organizations.create({ name: "Acme Kyiv", parentId: 1 });
  expect(branch.parentOrganizationId).toBe(1);

  sandbox.faults.failNext(1, 503); // the client retries and still succeeds
  expect((await blynk.organizations.get(branch.id)).name).toBe("Acme Kyiv");
  expect(sandbox.bugs).toEqual([]); // the sandbox's own failures, if any, land here
});

test("code under test that builds its own client", async () => {
  // 2. Through nock: the client keeps its default base URL.
  const sandbox = createSandbox();
  interceptWithSandbox(sandbox, "https://api.recrubo.app");
  const recrubo = createRecruboClient({ apiKey: sandbox.credentials.recrubo.apiKey });

  expect((await recrubo.organizations.list()).meta.total).toBe(30);
  nock.cleanAll();
});

test("a suite that already mocks with msw", async () => {
  // 3. Through msw: the same, as one more request handler.
  const sandbox = createSandbox();
  const server = setupServer(handleWithSandbox(sandbox, "https://blynk.cloud"));
  server.listen({ onUnhandledRequest: "error" });
  const blynk = createBlynkClient({ auth: sandbox.credentials.blynk });

  expect((await blynk.organizations.profile()).name).toBe("Acme Corp");
  server.close();
});

test("over real HTTP on loopback", async () => {
  // 4. A server, for other processes or languages.
  const server = await startSandbox();
  const blynk = createBlynkClient({ auth: server.sandbox.credentials.blynk, baseUrl: server.url });
  expect((await blynk.organizations.profile()).name).toBe("Acme Corp");
  await server.close();
});
