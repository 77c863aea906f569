/** Answers held per page until released, so that a test decides the order in which pages complete. */
export class Gate {
  readonly #released = new Set<number>();
  readonly #waiting = new Map<number, () => void>();
  hold = (page: number): Promise<void> =>
    this.#released.has(page) ? Promise.resolve() : new Promise<void>((resolve) => this.#waiting.set(page, resolve));
  /** Lets these pages answer, now or as soon as they are requested. */
  release(...pages: number[]): void {
    for (const page of pages) {
      this.#released.add(page);
      this.#waiting.get(page)?.();
    }
  }
}
