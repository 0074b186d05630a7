/**
 * Reads a client subscription (an async generator) until a condition holds on what arrived, or until
 * it ends, then leaves it. Fails after a timeout saying how much did arrive, instead of hanging.
 */
export interface Collected<T> {
  readonly received: T[];
  /** True when the server ended the stream (it completed), false when the condition stopped reading. */
  readonly completed: boolean;
}

export async function collectUntil<T>(
  stream: AsyncGenerator<T, void, undefined>,
  isDone: (received: readonly T[]) => boolean = () => false,
  timeoutMs = 20_000,
): Promise<Collected<T>> {
  const received: T[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void stream.return(undefined);
      reject(new Error(`The subscription delivered ${received.length} results in ${timeoutMs} ms and the test expected more: ${JSON.stringify(received).slice(0, 500)}`));
    }, timeoutMs);
  });
  const reading = (async (): Promise<Collected<T>> => {
    for await (const item of stream) {
      received.push(item);
      if (isDone(received)) return { received, completed: false };
    }
    return { received, completed: true };
  })();
  try {
    return await Promise.race([reading, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
