// Runs async jobs one at a time, in call order: a job starts only after every earlier one has settled (resolved or
// rejected). Used where several callers share state that one job leaves half-written while it awaits, e.g. the
// engine's activations between a forward and its readback.
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
