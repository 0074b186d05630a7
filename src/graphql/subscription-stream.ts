/**
 * The source stream of a subscription field, ended as soon as the client leaves.
 *
 * A transport ends a subscription by calling `return()` on its stream (yoga when an SSE response is
 * cancelled, graphql-ws on a `complete` message or a closed socket). On an async generator that is
 * waiting for its next event, `return()` only queues behind that wait: the store subscription would
 * stay open until the next matching event, which may never come. So the generator gets a signal of
 * its own, aborted by `return()`/`throw()` and by the request's signal, which ends the wait at once.
 *
 * When the signal was aborted with a GraphQLError as its reason (the server shutting down, a session
 * expiring), the stream ends with that error, so the subscriber learns why and how to resume.
 */
import { GraphQLError } from 'graphql';

export function abortableStream<T>(
  parent: AbortSignal,
  start: (signal: AbortSignal) => AsyncGenerator<T, void, undefined>,
): AsyncIterableIterator<T> {
  const controller = new AbortController();
  const abort = (): void => controller.abort(parent.reason);
  if (parent.aborted) abort();
  else parent.addEventListener('abort', abort, { once: true });
  const release = (): void => parent.removeEventListener('abort', abort);
  const source = start(controller.signal);

  const end = async (): Promise<void> => {
    controller.abort();
    release();
    await source.return(undefined);
  };
  const stream: AsyncIterableIterator<T> = {
    async next() {
      const result = await source.next();
      if (result.done) {
        release();
        if (parent.aborted && parent.reason instanceof GraphQLError) throw parent.reason;
      }
      return result;
    },
    async return() {
      await end();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      await end();
      throw error;
    },
    [Symbol.asyncIterator]: () => stream,
  };
  return stream;
}
