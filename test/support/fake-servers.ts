import type { BlynkOrganization, RecruboOrganization } from "../../src/index.js";

/** Every page request a fake server received, in order of arrival. */
export interface RequestLog {
  pages: number[];
  /** Requests that were aborted before the server answered. */
  aborted: number[];
}

interface FakeServerOptions {
  /** Holds each answer until the test releases it (to check ordering and in-flight counts). */
  hold?: (page: number) => Promise<void>;
  /** Answers this page with a 500. */
  failPage?: number;
  /** Changes the data between requests (to exercise dedupe). */
  beforeAnswer?: (page: number) => void;
  /** Serves at most this many items per page, whatever size is asked, as many servers do. */
  capSize?: number;
}

/** Logs a page request and waits for the test to release it; an abort is logged and rethrown. */
async function arrive(page: number, request: Request, log: RequestLog, options: FakeServerOptions): Promise<void> {
  log.pages.push(page);
  if (!options.hold) return;
  const hold = options.hold(page);
  try {
    await new Promise<void>((resolve, reject) => {
      if (request.signal.aborted) reject(request.signal.reason); // as fetch does: no abort event will come
      request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
      hold.then(resolve, reject);
    });
  } catch (reason) {
    log.aborted.push(page);
    throw reason;
  }
}

/** A Blynk search endpoint over `organizations`, as a `fetch` handler. */
export function fakeBlynk(organizations: BlynkOrganization[], options: FakeServerOptions = {}) {
  const log: RequestLog = { pages: [], aborted: [] };
  const fetch = async (request: Request): Promise<Response> => {
    const query = new URL(request.url).searchParams;
    const page = Number(query.get("page"));
    const size = Math.min(Number(query.get("size") ?? 50), options.capSize ?? Infinity);
    await arrive(page, request, log, options);
    options.beforeAnswer?.(page);
    if (page === options.failPage)
      return Response.json({ error: { message: "Internal server error." } }, { status: 500 });
    const content = organizations.slice(page * size, (page + 1) * size);
    return Response.json({ content, totalElements: organizations.length });
  };
  return { fetch, log };
}

/** A Recrubo list endpoint over `organizations`, as a `fetch` handler. `meta: false` leaves `meta` out. */
export function fakeRecrubo(
  organizations: RecruboOrganization[],
  options: FakeServerOptions & { meta?: boolean } = {},
) {
  const log: RequestLog = { pages: [], aborted: [] };
  const fetch = async (request: Request): Promise<Response> => {
    const query = new URL(request.url).searchParams;
    const number = Number(query.get("page[number]") ?? 1);
    const size = Math.min(Number(query.get("page[size]") ?? 25), options.capSize ?? Infinity);
    await arrive(number, request, log, options);
    options.beforeAnswer?.(number);
    if (number === options.failPage) {
      return Response.json({ errors: [{ status: 500, title: "Internal Server Error" }] }, { status: 500 });
    }
    const data = organizations.slice((number - 1) * size, number * size);
    const meta = {
      total: organizations.length,
      totalUnfiltered: organizations.length,
      currentSize: size,
      currentPage: number,
      maxPage: Math.ceil(organizations.length / size),
    };
    return Response.json(options.meta === false ? { data } : { data, meta });
  };
  return { fetch, log };
}
