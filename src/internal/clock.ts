import type { Clock } from "../options.js";
import { wait } from "./abortable.js";

const schedule: Clock["schedule"] = (ms, expire) => {
  const timer = setTimeout(expire, ms);
  return () => clearTimeout(timer);
};

/** Real time: `Date.now` and `setTimeout`. */
export const systemClock: Clock = {
  // Looked up at each call, so that an application's fake timers (which replace Date.now) apply.
  now: () => Date.now(),
  schedule,
  sleep: (ms, signal) => wait(schedule, ms, signal),
};
