import type { Clock } from "../../src/index.js";

/** A clock that never waits: `sleep` records the delay and moves time forward at once. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public time = Date.parse("2026-11-23T10:00:00Z")) {}

  now(): number {
    return this.time;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.time += ms;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}
