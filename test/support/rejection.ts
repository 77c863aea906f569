/** What a call rejected with; fails the test when it resolves. */
export async function rejection(call: Promise<unknown>): Promise<unknown> {
  const outcome = await call.then(
    () => ({ resolved: true as const }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) throw new Error("expected the call to fail, but it resolved");
  return outcome.error;
}

/**
 * The error a call rejects with, checked to be an `Expected`; fails the test when the call
 * resolves or rejects with anything else.
 */
export async function rejectionOf<T>(
  call: Promise<unknown>,
  Expected: abstract new (...args: never[]) => T,
): Promise<T> {
  const error = await rejection(call);
  if (!(error instanceof Expected)) throw new Error(`expected a ${Expected.name}, got ${String(error)}`);
  return error;
}
