// A user's program, compiled against the installed package's declarations and run against its
// sandbox. Node's types are left out on purpose: the declarations must not need them. A failed
// check throws, and the rejected top-level await exits non-zero.
import { createBlynkClient, createRecruboClient, NotFoundError, VERSION } from "orgkit";
import { startSandbox } from "orgkit/sandbox";

function expectEqual<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected) throw new Error(`${what}: expected ${String(expected)}, got ${String(actual)}`);
}

const server = await startSandbox();
try {
  const recrubo = createRecruboClient({ apiKey: server.sandbox.credentials.recrubo.apiKey, baseUrl: server.url });
  const created = await recrubo.organizations.create({ name: "Consumer Org" });
  expectEqual(
    (await recrubo.organizations.get(created.id)).attributes.name,
    "Consumer Org",
    "Recrubo organization read back",
  );
  const { meta } = await recrubo.organizations.list({ page: { size: 5 }, sort: ["-createdAt"] });
  expectEqual(meta.total, server.sandbox.recrubo.organizations().length, "Recrubo total");

  const blynk = createBlynkClient({ auth: server.sandbox.credentials.blynk, baseUrl: server.url });
  const root = await blynk.organizations.profile();
  const branch = await blynk.organizations.create({ name: "Consumer Branch", parentId: root.id });
  expectEqual((await blynk.organizations.get(branch.id)).parentOrganizationId, root.id, "Blynk branch's parent");
  await blynk.organizations.delete(branch.id);
  const gone = await blynk.organizations.get(branch.id).catch((error: unknown) => error);
  expectEqual(gone instanceof NotFoundError, true, "reading a deleted Blynk organization fails with NotFoundError");
} finally {
  await server.close();
}
console.log(`orgkit ${VERSION}: both clients worked against the sandbox`);

// Never called: the declarations are real types, not `any`, or these would compile.
export function misuses(): void {
  const recrubo = createRecruboClient({ apiKey: "key" });
  // @ts-expect-error sort takes only the fields the spec lists
  void recrubo.organizations.list({ sort: ["nmae"] });
  // @ts-expect-error a Blynk organization id is a number
  void createBlynkClient({ auth: { accessToken: "token" } }).organizations.get("7");
}
