import { describe, expect, test } from "vitest";
import { Redactor } from "../../src/internal/redact.js";

const secret = (index: number) => `secret-value-${String(index).padStart(4, "0")}`;

describe("Redactor", () => {
  test("keeps configured credentials for good and only the 256 most recent secrets learned from traffic", () => {
    const redactor = new Redactor();
    redactor.learn("configured-api-key", "option");
    for (let index = 0; index < 300; index++) redactor.learn(secret(index), "given");

    expect(redactor.text(`configured-api-key ${secret(299)} ${secret(44)}`)).toBe(`[REDACTED] [REDACTED] [REDACTED]`);
    expect(redactor.text(secret(43))).toBe(secret(43)); // the oldest learned ones are forgotten
  });

  test("learning a secret again makes it recent", () => {
    const redactor = new Redactor();
    for (let index = 0; index < 256; index++) redactor.learn(secret(index), "given");
    redactor.learn(secret(0), "given");
    redactor.learn(secret(1000), "given");

    expect(redactor.text(secret(0))).toBe("[REDACTED]");
    expect(redactor.text(secret(1))).toBe(secret(1));
  });

  test("masks what the caller gives at any length, but ignores values from the server too short to be credentials", () => {
    const redactor = new Redactor();
    redactor.learn("k9", "option");
    redactor.learn("s3", "given");
    redactor.learn("tiny", "received");
    expect(redactor.text("k9 s3 tiny")).toBe("[REDACTED] [REDACTED] tiny");
  });

  test("masks overlapping secrets as one, leaving no piece of either", () => {
    const redactor = new Redactor();
    redactor.learn("abcdef", "option");
    redactor.learn("defghi", "option");
    redactor.learn("cd", "option");
    expect(redactor.text("xx abcdefghi yy cd")).toBe("xx [REDACTED] yy [REDACTED]");
  });

  test("ignores what is not a string when learning, so a hostile answer cannot break later masking", () => {
    const redactor = new Redactor();
    for (const hostile of [{ toString: 1 }, ["a"], 12345678, null, { length: 20 }]) {
      redactor.learn(hostile, "given");
      redactor.learn(hostile, "received");
      redactor.learn(hostile, "option");
    }
    expect(redactor.text("12345678 a [object Object]")).toBe("12345678 a [object Object]");
    redactor.learn("rk_live_after_hostile", "option");
    redactor.learn("learned_after_hostile", "given");
    expect(redactor.text("rk_live_after_hostile learned_after_hostile 12345678")).toBe(
      "[REDACTED] [REDACTED] 12345678",
    );
  });

  test("cuts a body nested deeper than any document, without exhausting the stack", () => {
    let deep: unknown = { token: "t0k3n-value" };
    for (let level = 0; level < 100_000; level++) deep = { nested: deep };
    const masked = new Redactor().value(deep);
    expect(JSON.stringify(masked)).toContain("[nested too deep]");
  });

  test("copies an error whose message holds a secret, keeping its class; returns a clean error itself", () => {
    const redactor = new Redactor();
    redactor.learn("rk_live_secret_key", "option");
    const leaky = new ReferenceError("no rk_live_secret_key here", { cause: new Error("and rk_live_secret_key") });
    const clean = new ReferenceError("nothing to hide");

    const copy = redactor.error(leaky) as Error;

    expect(copy).toBeInstanceOf(ReferenceError);
    expect(copy.message).toBe("no [REDACTED] here");
    expect((copy.cause as Error).message).toBe("and [REDACTED]");
    expect(copy.stack).not.toContain("rk_live_secret_key");
    expect(redactor.error(clean)).toBe(clean);
  });

  test("follows a cyclic cause chain only so far", () => {
    const redactor = new Redactor();
    redactor.learn("rk_live_secret_key", "option");
    const cyclic = new Error("rk_live_secret_key");
    cyclic.cause = cyclic;

    const copy = redactor.error(cyclic) as Error;

    let depth = 0;
    for (let at: unknown = copy; at instanceof Error; at = at.cause) depth++;
    expect(depth).toBeLessThan(40);
    expect(copy.message).toBe("[REDACTED]");
  });
});

const key = "rk_live_secret_key";

function redactorFor(...secrets: string[]): Redactor {
  const redactor = new Redactor();
  for (const known of secrets) redactor.learn(known, "option");
  return redactor;
}

/** `levels` objects wrapped around `leaf`: the leaf sits at depth `levels`. */
function nested(levels: number, leaf: unknown): unknown {
  let value = leaf;
  for (let level = 0; level < levels; level++) value = { child: value };
  return value;
}

/** `length` errors, each the cause of the one before, each naming the key. */
function causeChain(length: number): Error {
  let error: Error | undefined;
  for (let hop = length - 1; hop >= 0; hop--)
    error = new Error(`hop ${hop} ${key}`, error === undefined ? {} : { cause: error });
  return error!;
}

/** The errors of a copied cause chain, and what ends it. */
function walk(copy: unknown): { errors: Error[]; end: unknown } {
  const errors: Error[] = [];
  let at = copy;
  while (at instanceof Error) {
    errors.push(at);
    at = at.cause;
  }
  return { errors, end: at };
}

describe("Redactor.learn", () => {
  test("ignore an empty secret, which would otherwise match between every character", () => {
    const redactor = new Redactor();
    redactor.learn("", "option");
    redactor.learn("", "given");
    expect(redactor.text("ab")).toBe("ab");
  });
});

describe("Redactor.learn from the server", () => {
  test("masks a received value of 8 characters, but not one of 7", () => {
    const redactor = new Redactor();
    redactor.learn("abcdefg", "received");
    redactor.learn("12345678", "received");
    expect(redactor.text("abcdefg 12345678")).toBe("abcdefg [REDACTED]");
  });
});

describe("Redactor.learnIn", () => {
  test("learns a credential-named string at depth 31, and stops at depth 32 as the copy does", () => {
    const redactor = new Redactor();
    redactor.learnIn(nested(31, { token: "shallow-token-31" }), "received");
    redactor.learnIn(nested(32, { token: "deeper-token-32" }), "received");
    expect(redactor.text("shallow-token-31 deeper-token-32")).toBe("[REDACTED] deeper-token-32");
  });

  test("walks objects and arrays, skipping members that are not objects", () => {
    const redactor = new Redactor();
    redactor.learnIn([null, 7, "webhookSecret", { list: [{ webhookSecret: "whsec-in-a-list" }] }], "given");
    expect(redactor.text("whsec-in-a-list webhookSecret")).toBe("[REDACTED] webhookSecret");
  });
});

describe("Redactor.url", () => {
  test("masks credential-like query parameters, keeping the others and the path", () => {
    expect(new Redactor().url("https://api.example/v1/orgs?page=2&token=abc&api_key=def")).toBe(
      "https://api.example/v1/orgs?page=2&token=[REDACTED]&api_key=[REDACTED]",
    );
  });

  test("masks a query that starts the string", () => {
    expect(new Redactor().url("?token=abc&page=2")).toBe("?token=[REDACTED]&page=2");
  });

  test("judges a parameter name with a malformed escape as it stands", () => {
    expect(new Redactor().url("https://api.example/v1?token%ZZ=abc&page%ZZ=2")).toBe(
      "https://api.example/v1?token%ZZ=[REDACTED]&page%ZZ=2",
    );
  });

  test("masks every spelling of an API key parameter", () => {
    expect(new Redactor().url("/v1?apikey=a&api_key=b&api-key=c&API-Key=d&apiXkey=e")).toBe(
      "/v1?apikey=[REDACTED]&api_key=[REDACTED]&api-key=[REDACTED]&API-Key=[REDACTED]&apiXkey=e",
    );
  });

  test("masks known secrets in a URL without a query", () => {
    expect(redactorFor(key).url(`https://api.example/${key}/orgs`)).toBe("https://api.example/[REDACTED]/orgs");
  });
});

describe("Redactor.value", () => {
  test("masks credential-like fields that hold a value, and leaves null and undefined ones as they are", () => {
    const masked = new Redactor().value({
      apikey: "a",
      api_key: "b",
      "api-key": "c",
      clientSecret: { nested: "d" },
      token: null,
      password: undefined,
      name: "Acme",
    });
    expect(masked).toStrictEqual({
      apikey: "[REDACTED]",
      api_key: "[REDACTED]",
      "api-key": "[REDACTED]",
      clientSecret: "[REDACTED]",
      token: null,
      password: undefined,
      name: "Acme",
    });
  });

  test("copies an object at depth 31 and cuts one at depth 32", () => {
    const redactor = new Redactor();
    expect(redactor.value(nested(31, { leaf: 1 }))).toStrictEqual(nested(31, { leaf: 1 }));
    expect(redactor.value(nested(32, { leaf: 1 }))).toStrictEqual(nested(32, "[nested too deep]"));
  });
});

describe("Redactor.error", () => {
  test("masks a string and copies a value that is not an error as a body", () => {
    const redactor = redactorFor(key);
    expect(redactor.error(`see ${key}`)).toBe("see [REDACTED]");
    expect(redactor.error({ token: "abc", note: key })).toStrictEqual({ token: "[REDACTED]", note: "[REDACTED]" });
    expect(redactor.error(null)).toBeNull();
    expect(redactor.error(42)).toBe(42);
  });

  test("copies an error whose message alone holds a secret", () => {
    const error = new Error(`no ${key} here`);
    error.stack = "Error: see the message";

    const copy = redactorFor(key).error(error) as Error;

    expect(copy).not.toBe(error);
    expect(copy.message).toBe("no [REDACTED] here");
    expect(copy.stack).toBe("Error: see the message");
  });

  test("copies an error whose stack alone holds a secret", () => {
    const error = new Error("nothing to hide");
    error.stack = `Error: nothing to hide\n    at ${key}`;

    const copy = redactorFor(key).error(error) as Error;

    expect(copy).not.toBe(error);
    expect(copy.message).toBe("nothing to hide");
    expect(copy.stack).toBe("Error: nothing to hide\n    at [REDACTED]");
  });

  test("copies an error whose cause alone holds a secret", () => {
    const error = new Error("nothing to hide", { cause: key });

    const copy = redactorFor(key).error(error) as Error;

    expect(copy).not.toBe(error);
    expect(copy.message).toBe("nothing to hide");
    expect(copy.cause).toBe("[REDACTED]");
  });

  test("gives the copy non-enumerable, writable, configurable message, stack and cause, like a thrown error", () => {
    const error = new Error(`no ${key}`, { cause: key });
    error.stack = `Error: no ${key}`;

    const copy = redactorFor(key).error(error) as Error;

    const hidden = (value: unknown) => ({ value, writable: true, configurable: true, enumerable: false });
    expect(Object.getOwnPropertyDescriptor(copy, "message")).toStrictEqual(hidden("no [REDACTED]"));
    expect(Object.getOwnPropertyDescriptor(copy, "stack")).toStrictEqual(hidden("Error: no [REDACTED]"));
    expect(Object.getOwnPropertyDescriptor(copy, "cause")).toStrictEqual(hidden("[REDACTED]"));
    expect(Object.keys(copy)).toStrictEqual([]);
  });

  test("gives the copy no stack, cause, name or code that the error does not have", () => {
    const error = new TypeError(`no ${key}`);
    delete error.stack;

    const copy = redactorFor(key).error(error) as Error;

    expect(copy).toBeInstanceOf(TypeError);
    expect(copy.message).toBe("no [REDACTED]");
    expect(Object.getOwnPropertyNames(copy)).toStrictEqual(["message"]);
    expect(copy.name).toBe("TypeError");
  });

  test("copies a name the error holds as its own", () => {
    const error = new Error(`no ${key}`);
    error.name = "FetchError";

    const copy = redactorFor(key).error(error) as Error;

    expect(Object.hasOwn(copy, "name")).toBe(true);
    expect(copy.name).toBe("FetchError");
  });

  test("replaces a message or name that is not a string by an empty one", () => {
    const error = new Error("replaced below");
    Object.defineProperty(error, "message", { value: 42 });
    Object.defineProperty(error, "name", { value: { hostile: true } });

    const copy = redactorFor(key).error(error) as Error;

    expect(copy.message).toBe("");
    expect(copy.name).toBe("");
  });

  test("keeps a string or numeric code, and drops any other", () => {
    const redactor = redactorFor(key);
    const withCode = (code: unknown) =>
      redactor.error(Object.assign(new Error(key), { code })) as Error & { code?: unknown };

    expect(withCode("ECONNRESET").code).toBe("ECONNRESET");
    expect(withCode(-104).code).toBe(-104);
    expect(Object.hasOwn(withCode({ errno: -104 }), "code")).toBe(false);
    expect(Object.hasOwn(withCode(undefined), "code")).toBe(false);
  });

  test("follows a cause chain to depth 32 exactly", () => {
    const redactor = redactorFor(key);

    const whole = walk(redactor.error(causeChain(33)));
    expect(whole.errors).toHaveLength(33);
    expect(whole.errors.map((error) => error.message)).toStrictEqual(
      Array.from({ length: 33 }, (_, hop) => `hop ${hop} [REDACTED]`),
    );
    expect(Object.hasOwn(whole.errors[32]!, "cause")).toBe(false);
    expect(whole.end).toBeUndefined();

    const cut = walk(redactor.error(causeChain(34)));
    expect(cut.errors).toHaveLength(33);
    expect(cut.end).toBe("[REDACTED]");
  });
});
