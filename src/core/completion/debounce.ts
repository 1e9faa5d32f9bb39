// How long to wait after a keystroke before asking the model. The setting is the floor; for a
// slower typist it stretches to just over their usual gap between keys (at most twice the
// setting): a request that fires mid-word is cancelled by the next key anyway, after having
// cost a prompt evaluation that a shared model would rather spend elsewhere.

/** Gaps longer than this are pauses, not typing rhythm. */
const PAUSE_MS = 1_000;
/** Gaps remembered for the typing rhythm. */
const RHYTHM_SAMPLES = 8;

export class AdaptiveDebounce {
  private last: number | undefined;
  private readonly gaps: number[] = [];

  /** The wait for a request at `now` (ms, any monotonic clock); records the request. */
  delay(baseMs: number, now: number): number {
    if (this.last !== undefined) {
      const gap = now - this.last;
      if (gap >= 0 && gap < PAUSE_MS) {
        this.gaps.push(gap);
        if (this.gaps.length > RHYTHM_SAMPLES) this.gaps.shift();
      }
    }
    this.last = now;
    if (baseMs <= 0) return 0;
    if (this.gaps.length < 3) return baseMs;
    const usual = median(this.gaps);
    return Math.min(2 * baseMs, Math.max(baseMs, Math.round(usual * 1.25)));
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
