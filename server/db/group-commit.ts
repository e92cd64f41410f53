// Group commit: submissions that arrive while a batch is being written wait and go together in the
// next transaction, so a burst of N concurrent citizens costs a handful of commits (and fsyncs)
// instead of N. Each caller's promise settles only after the commit that holds its row, and every
// caller of a batch that failed hears of it (its request answers 503 or 500, never "saved"). The
// queue itself never stops: the next batch is written on the next connection the pool can make.
import type { Kysely } from 'kysely';
import { isDatabaseUnavailable } from './errors.ts';
import type { Database } from './schema.ts';
import { storeSubmissions, type Submission, type SubmitOutcome } from './queries/submissions.ts';

interface Waiting {
  submission: Submission;
  resolve(outcome: SubmitOutcome): void;
  reject(err: unknown): void;
}

export class SubmissionQueue {
  #waiting: Waiting[] = [];
  #running = 0;
  #idle: (() => void)[] = [];
  #scheduled = false;
  /** Transactions written and submissions they held: submissions ÷ batches is the grouping achieved. */
  readonly stats = { batches: 0, submissions: 0 };

  constructor(
    private readonly db: Kysely<Database>,
    private readonly opts: { maxBatch: number; parallel: number } = { maxBatch: 500, parallel: 2 },
  ) {}

  submit(submission: Submission): Promise<SubmitOutcome> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ submission, resolve, reject });
      this.#schedule();
    });
  }

  submitMany(submissions: Submission[]): Promise<SubmitOutcome[]> {
    return Promise.all(submissions.map((s) => this.submit(s)));
  }

  /** Resolves when nothing is waiting or being written (graceful shutdown). */
  drained(): Promise<void> {
    if (this.#running === 0 && this.#waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  // Start writing on the next turn of the event loop rather than at once: every submission that
  // arrives in this turn (a burst of requests read from the sockets together, a batch call) then
  // joins one transaction instead of taking a free writer each with a batch of one.
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#running < this.opts.parallel && this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0, this.opts.maxBatch);
      this.#running++;
      void this.#write(batch).finally(() => {
        this.#running--;
        this.#pump();
        if (this.#running === 0 && this.#waiting.length === 0) for (const done of this.#idle.splice(0)) done();
      });
    }
  }

  async #write(batch: Waiting[]): Promise<void> {
    this.stats.batches++;
    this.stats.submissions += batch.length;
    try {
      const outcomes = await storeSubmissions(
        this.db,
        batch.map((w) => w.submission),
      );
      if (outcomes.length !== batch.length) throw new Error(`group commit: ${outcomes.length} outcomes for ${batch.length} submissions`);
      batch.forEach((w, i) => w.resolve(outcomes[i]!));
    } catch (err) {
      // The database is away: every waiter hears so at once (writing them one by one would only
      // wait for the same connection timeout once per submission).
      if (batch.length === 1 || isDatabaseUnavailable(err)) {
        for (const w of batch) w.reject(err);
        return;
      }
      // One bad submission must not sink the others: write them one by one to find it.
      for (let i = 0; i < batch.length; i++) {
        const w = batch[i]!;
        try {
          const [outcome] = await storeSubmissions(this.db, [w.submission]);
          w.resolve(outcome!);
        } catch (single) {
          w.reject(single);
          if (isDatabaseUnavailable(single)) {
            for (const rest of batch.slice(i + 1)) rest.reject(single);
            return;
          }
        }
      }
    }
  }
}
