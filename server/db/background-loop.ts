// A piece of database work repeated in the background (the aggregator, housekeeping) that survives
// the database going away: a failed run is logged, never thrown, and the next one comes after an
// exponential backoff with jitter (so that instances coming back together do not stampede); the
// first run that succeeds again resets the pace and says so in the log. Runs never overlap.

export interface LoopLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface LoopOptions {
  /** Pause between two successful runs. */
  everyMs: number;
  /** Pause before the first run (everyMs when not given). */
  firstAfterMs?: number;
  /** The longest pause after failures. */
  maxBackoffMs: number;
  /** For the log. */
  name: string;
  log: LoopLog;
}

export interface BackgroundLoop {
  start(): void;
  /** Stops scheduling and waits for a run in progress. */
  stop(): Promise<void>;
  /** Resolves when no run is in progress (the next one may still come). */
  settled(): Promise<void>;
  readonly failures: number;
}

/** The pause after `failures` failed runs in a row: every × 2^failures, capped, half of it random. */
export function backoffMs(failures: number, everyMs: number, maxMs: number, random = Math.random): number {
  if (failures <= 0) return everyMs;
  const ceiling = Math.min(maxMs, everyMs * 2 ** Math.min(failures, 20));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export function backgroundLoop(work: () => Promise<void>, opts: LoopOptions): BackgroundLoop {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;
  let failures = 0;

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(run, ms);
    // A loop never keeps the process alive on its own.
    timer.unref();
  };

  function run(): void {
    timer = null;
    if (stopped || running) return;
    running = (async () => {
      try {
        await work();
        if (failures > 0) opts.log.info({ job: opts.name, failures }, 'background job recovered');
        failures = 0;
      } catch (err) {
        failures++;
        // The first failure with its error, then one line per ten: an outage must not flood the log.
        if (failures === 1) opts.log.error({ err, job: opts.name }, 'background job failed; retrying with backoff');
        else if (failures % 10 === 0) opts.log.warn({ job: opts.name, failures }, 'background job still failing');
      } finally {
        running = null;
      }
      schedule(backoffMs(failures, opts.everyMs, opts.maxBackoffMs));
    })();
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(opts.firstAfterMs ?? opts.everyMs);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
    async settled() {
      await running;
    },
    get failures() {
      return failures;
    },
  };
}
