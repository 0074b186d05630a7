/**
 * Runs work one at a time per key (a stream id), in arrival order, as Commanded's one process per
 * aggregate does. Commands for one aggregate in one process then never race each other; conflicts
 * remain possible only with other processes, and the dispatcher retries those.
 */
export class StreamLock {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => done);
    this.#tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
