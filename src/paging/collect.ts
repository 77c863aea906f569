/**
 * Gathers an async iterable into an array, stopping after `max` items. Stopping closes the
 * iterable, so a pager sends no further request.
 * @example const all = await collect(blynk.organizations.items({ query: "acme" }), { max: 500 });
 */
export async function collect<T>(iterable: AsyncIterable<T>, options: { max?: number } = {}): Promise<T[]> {
  const max = options.max ?? Infinity;
  const result: T[] = [];
  if (max <= 0) return result;
  for await (const item of iterable) {
    result.push(item);
    if (result.length >= max) break;
  }
  return result;
}
