import nock from "nock";
import { afterEach, beforeAll } from "vitest";

// No test reaches the network: nock answers, or a test starts its own loopback server.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterEach(() => {
  nock.cleanAll();
});
