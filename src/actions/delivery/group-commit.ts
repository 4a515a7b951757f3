/**
 * Many small writes that must each be durable before their caller goes on (a message's hand-over,
 * its outcome), written as few statements: items submitted while statements run go together in
 * the next. At most `parallel` statements at a time per instance (a caller waits about one round
 * trip, not for a running statement and then its own); each caller waits for the one that holds
 * its item.
 */
export class GroupCommit<I, R> {
  private pending: Array<{ item: I; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  private running = 0;

  constructor(
    private readonly write: (items: I[]) => Promise<R[]>,
    private readonly parallel = 1,
    private readonly max = 1000,
  ) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.running >= this.parallel || !this.pending.length) return;
    this.running++;
    const batch = this.pending.splice(0, this.max);
    this.write(batch.map((b) => b.item))
      .then(
        (results) => batch.forEach((b, i) => b.resolve(results[i])),
        (e) => batch.forEach((b) => b.reject(e)),
      )
      .finally(() => {
        this.running--;
        this.next();
      });
  }
}
