// npm start: serves the sandbox on a loopback port and runs the quick start against it.
import { spawn } from "node:child_process";
import { startSandbox } from "orgkit/sandbox";

const server = await startSandbox();
const { recrubo, blynk } = server.sandbox.credentials;
console.log(`orgkit sandbox listening on ${server.url}\n`);

const quickstart = spawn(process.execPath, ["--import", "tsx", "examples/quickstart.ts"], {
  stdio: "inherit",
  env: {
    ...process.env,
    RECRUBO_BASE_URL: server.url,
    RECRUBO_API_KEY: recrubo.apiKey,
    BLYNK_BASE_URL: server.url,
    BLYNK_CLIENT_ID: blynk.clientId,
    BLYNK_CLIENT_SECRET: blynk.clientSecret,
  },
});
const code = await new Promise<number>((resolve) => quickstart.on("exit", (exitCode) => resolve(exitCode ?? 1)));
await server.close();
console.log(
  code === 0
    ? "\nDone: every call above went through the typed clients to the sandbox."
    : `\nThe quick start failed (exit code ${code}).`,
);
process.exitCode = code;
