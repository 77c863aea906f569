import { afterEach, describe, expect, test } from "vitest";
import { corsHint, describeCause, isNetworkFailure } from "../../src/internal/network-failure.js";

const withCode = (code: unknown, error: Error = new Error("boom")) => Object.assign(error, { code });

describe("isNetworkFailure", () => {
  test.each([
    "ECONNREFUSED",
    "ECONNRESET",
    "ENOTFOUND",
    "EAI_AGAIN",
    "ETIMEDOUT",
    "EPIPE",
    "UND_ERR_SOCKET",
    "UND_ERR_CONNECT_TIMEOUT",
    "HPE_INVALID_CONSTANT",
    "ERR_SOCKET_CLOSED",
    "ERR_TLS_CERT_ALTNAME_INVALID",
    "ERR_SSL_WRONG_VERSION_NUMBER",
    "ERR_HTTP2_STREAM_ERROR",
    "ERR_STREAM_PREMATURE_CLOSE",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "CERT_HAS_EXPIRED",
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE_SSL",
    "ConnectionRefused",
    "ConnectionClosed",
    "FailedToOpenSocket",
  ])("takes the system code %s, on the error or on its cause, for the network", (code) => {
    expect(isNetworkFailure(withCode(code))).toBe(true);
    expect(isNetworkFailure(new TypeError("fetch failed", { cause: withCode(code) }))).toBe(true);
  });

  test.each([
    "ERR_INVALID_ARG_TYPE",
    "ERR_INVALID_URL",
    "Z_DATA_ERROR",
    "E",
    "ECONNREFUSED_",
    "ECONN_refused",
    "XECONNRESET",
    "ECONNRESET2",
    "ERR_SOCKET_",
    "ERR_TLS",
    "HPE_",
    "UND_ERR_",
    "ERR_STREAM_PREMATURE_CLOSED",
    "ConnectionRefusedX",
    "xConnectionClosed",
    "ABORT_ERR",
  ])("does not take the code %s for the network", (code) => {
    expect(isNetworkFailure(withCode(code))).toBe(false);
    expect(isNetworkFailure(new TypeError("fetch failed", { cause: withCode(code) }))).toBe(false);
  });

  test("reads a code on the error before its cause's, and only a string code", () => {
    expect(isNetworkFailure(withCode("ERR_INVALID_ARG_TYPE", new Error("x", { cause: withCode("ECONNRESET") })))).toBe(
      false,
    );
    expect(isNetworkFailure(withCode(42, new TypeError("fetch failed")))).toBe(true); // a number is no code: the words decide
    expect(isNetworkFailure(withCode(42, new TypeError("unexpected token")))).toBe(false);
    expect(isNetworkFailure(new TypeError("fetch failed", { cause: { code: "ECONNRESET" } }))).toBe(true); // a cause that is no Error: the words decide
    expect(isNetworkFailure(new Error("boom", { cause: { code: "ECONNRESET" } }))).toBe(false);
  });

  test.each([
    "fetch failed",
    "Failed to fetch",
    "Load failed",
    "NetworkError when attempting to fetch resource.",
    "Network error",
    "terminated",
    "error sending request for url (https://blynk.cloud/)",
    "request to https://blynk.cloud/ failed, reason: socket hang up",
  ])("takes a TypeError saying %j, without a code, for the network", (message) => {
    expect(isNetworkFailure(new TypeError(message))).toBe(true);
    expect(isNetworkFailure(new Error(message))).toBe(false);
  });

  test.each(["Cannot read properties of undefined", "the fetch failed", "request to nowhere", "a network error"])(
    "does not take a TypeError saying %j for the network",
    (message) => {
      expect(isNetworkFailure(new TypeError(message))).toBe(false);
    },
  );

  test("does not take what is not an Error for the network", () => {
    for (const thrown of ["fetch failed", { code: "ECONNRESET" }, null, undefined, 42])
      expect(isNetworkFailure(thrown)).toBe(false);
  });
});

describe("describeCause", () => {
  test("adds the cause's code, else its message, to the error's message", () => {
    expect(
      describeCause(
        new TypeError("fetch failed", {
          cause: withCode("ECONNREFUSED", new Error("connect ECONNREFUSED 127.0.0.1:9")),
        }),
      ),
    ).toBe("fetch failed (ECONNREFUSED)");
    expect(describeCause(new TypeError("fetch failed", { cause: new Error("other side closed") }))).toBe(
      "fetch failed (other side closed)",
    );
    expect(describeCause(new TypeError("fetch failed", { cause: withCode(42, new Error("numbered")) }))).toBe(
      "fetch failed (numbered)",
    );
  });

  test("is the error's message alone when the cause is no Error", () => {
    expect(describeCause(new TypeError("Failed to fetch"))).toBe("Failed to fetch");
    expect(describeCause(new TypeError("fetch failed", { cause: "ECONNRESET" }))).toBe("fetch failed");
  });
});

describe("corsHint", () => {
  const global = globalThis as { location?: unknown };
  afterEach(() => {
    delete global.location;
  });

  test("is empty outside a browser page", () => {
    expect(corsHint("https://blynk.cloud/api")).toBe("");
  });

  test("names the page's origin when the API is on another", () => {
    global.location = { origin: "https://admin.example.com" };
    expect(corsHint("https://blynk.cloud/api")).toBe(
      ". In a browser this is also how a request refused by CORS fails: the API must allow the origin https://admin.example.com",
    );
  });

  test("is empty on the API's own origin, for an opaque origin, and for a location without one", () => {
    global.location = { origin: "https://blynk.cloud" };
    expect(corsHint("https://blynk.cloud/api")).toBe("");
    global.location = { origin: "null" };
    expect(corsHint("https://blynk.cloud/api")).toBe("");
    global.location = {};
    expect(corsHint("https://blynk.cloud/api")).toBe("");
  });
});
