import { describe, expect, test } from "vitest";
import { isLoopback } from "../../src/internal/loopback.js";

describe("isLoopback", () => {
  test.each([
    "http://localhost:8080/x",
    "http://LocalHost/",
    "http://127.0.0.1:9/",
    "http://127.42.0.7/",
    "http://127.255.255.254/",
    "http://127.1/",
    "http://2130706433/",
    "http://0x7f.0.0.1/",
    "http://[::1]:8080/x",
    "http://[0:0:0:0:0:0:0:1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:127.0.1.1]/",
  ])("%s is this machine", (url) => {
    expect(isLoopback(url)).toBe(true);
    expect(isLoopback(new URL(url))).toBe(true);
  });

  test.each([
    // Resolved by the system resolver, which may answer with any address.
    "http://foo.localhost/",
    "http://api.localhost:4010/",
    "http://localhost./",
    "http://localhost.example.com/",
    "http://127.0.0.1.example.com/",
    "http://evil-localhost/",
    "http://128.0.0.1/",
    "http://10.0.0.1/",
    "http://[::2]/",
    "http://[::ffff:10.0.0.1]/",
    "not a url",
  ])("%s is not", (url) => {
    expect(isLoopback(url)).toBe(false);
  });
});
