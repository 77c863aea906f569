/** A value passed where the types forbid it, as JavaScript callers may: to show that the runtime refuses it too. */
export function untyped<T>(value: unknown): T {
  return value as T;
}
