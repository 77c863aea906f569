// orgkit is ES modules only; Node 20.19 and newer load it from CommonJS too (require(esm)), as
// the README promises. nock and msw are optional peers, so only the entry points without them.
const orgkit = require("orgkit");
const sandbox = require("orgkit/sandbox");

for (const [name, value] of Object.entries({
  createRecruboClient: orgkit.createRecruboClient,
  createBlynkClient: orgkit.createBlynkClient,
  startSandbox: sandbox.startSandbox,
})) {
  if (typeof value !== "function") throw new Error(`require("orgkit") gave no ${name} function`);
}
// The specs ship too, and resolve by the package's name for tools that read them.
for (const api of ["recrubo", "blynk"]) require.resolve(`orgkit/openapi/${api}/openapi.yaml`);
console.log(`orgkit ${orgkit.VERSION}: require() loads it and resolves its specs`);
