// Running an event generator (a generation, an agent step) to its end with a listener.

/**
 * Passes each event of `stream` to `onEvent` and returns its result. If anything throws (the
 * listener included), the generator is closed, so a generation stops and frees its sequence or
 * request instead of hanging open.
 */
export async function drainGenerator<E, R>(stream: AsyncGenerator<E, R, void>, onEvent?: (event: E) => void): Promise<R> {
  let finished = false;
  try {
    for (;;) {
      const next = await stream.next();
      if (next.done) {
        finished = true;
        return next.value;
      }
      onEvent?.(next.value);
    }
  } finally {
    if (!finished) await stream.return(undefined as never);
  }
}
