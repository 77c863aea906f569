import type { Clock } from "../../src/index.js";
import { systemClock } from "../../src/internal/clock.js";

interface Timer {
  at: number;
  expire: () => void;
}

/**
 * A clock that never waits: `sleep` records the delay and moves time forward at once, while a
 * scheduled time limit expires only when time reaches it (`advance`, or a sleep past it), so a
 * test decides when an attempt times out. With `timeLimits: "real"` time limits run in real time
 * instead, for suites whose servers really stall (loopback servers, generated slow bodies).
 */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  readonly #timers = new Set<Timer>();
  readonly #realTimeLimits: boolean;
  constructor(
    public time = Date.parse("2026-11-23T10:00:00Z"),
    options: { timeLimits?: "manual" | "real" } = {},
  ) {
    this.#realTimeLimits = options.timeLimits === "real";
  }

  now(): number {
    return this.time;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.advance(ms);
  }

  schedule(ms: number, expire: () => void): () => void {
    if (this.#realTimeLimits) return systemClock.schedule(ms, expire);
    const timer = { at: this.time + ms, expire };
    this.#timers.add(timer);
    return () => this.#timers.delete(timer);
  }

  /** Moves time forward, expiring every scheduled time limit it reaches, earliest first. */
  advance(ms: number): void {
    this.time += ms;
    const due = [...this.#timers].filter((timer) => timer.at <= this.time).sort((a, b) => a.at - b.at);
    for (const timer of due) {
      this.#timers.delete(timer);
      timer.expire();
    }
  }

  /** Time limits scheduled and neither expired nor cancelled: none should outlive a call. */
  get pendingTimers(): number {
    return this.#timers.size;
  }
}
