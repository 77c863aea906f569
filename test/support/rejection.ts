/**
 * The error a call rejects with, checked to be an `Expected`; fails the test when the call
 * resolves or rejects with anything else.
 */
export async function rejectionOf<T>(
  call: Promise<unknown>,
  Expected: abstract new (...args: never[]) => T,
): Promise<T> {
  const outcome = await call.then(
    () => new Error("the call resolved"),
    (error: unknown) => error,
  );
  if (!(outcome instanceof Expected)) throw new Error(`expected a ${Expected.name}, got ${String(outcome)}`);
  return outcome;
}
