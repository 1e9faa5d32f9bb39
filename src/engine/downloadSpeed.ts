// Download speed and time left that a person can read: an exponentially weighted average over
// a few seconds, so one slow chunk does not make "2 min left" jump to "3 h left".

export interface DownloadProgress {
  /** Bytes on disk so far, resumed bytes included. */
  downloadedBytes: number;
  totalBytes: number;
  /** 0..100, one decimal. */
  percent: number;
  /** Smoothed, bytes per second; 0 until there is a measurement. */
  bytesPerSecond: number;
  /** Smoothed estimate; undefined until the speed is known. */
  secondsLeft: number | undefined;
  /** Bytes already on disk when this download started (resumed from a partial file). */
  resumedFromBytes: number;
}

/** Seconds over which older speed samples fade out. */
const SMOOTHING_SECONDS = 5;
/** Shorter intervals are merged into the next sample: per-chunk rates on loopback are noise. */
const MIN_SAMPLE_SECONDS = 0.25;

export class SpeedMeter {
  private lastBytes: number | undefined;
  private lastTime = 0;
  private speed = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Feeds the downloaded-bytes counter; returns the smoothed speed in bytes per second. */
  sample(downloadedBytes: number): number {
    const time = this.now() / 1000;
    if (this.lastBytes === undefined || downloadedBytes < this.lastBytes) {
      // First sample, or the counter restarted (a retry): measure from here.
      this.lastBytes = downloadedBytes;
      this.lastTime = time;
      return this.speed;
    }
    const elapsed = time - this.lastTime;
    if (elapsed < MIN_SAMPLE_SECONDS) return this.speed;
    const rate = (downloadedBytes - this.lastBytes) / elapsed;
    const weight = this.speed === 0 ? 1 : 1 - Math.exp(-elapsed / SMOOTHING_SECONDS);
    this.speed += weight * (rate - this.speed);
    this.lastBytes = downloadedBytes;
    this.lastTime = time;
    return this.speed;
  }

  progress(downloadedBytes: number, totalBytes: number, resumedFromBytes: number): DownloadProgress {
    const bytesPerSecond = this.sample(downloadedBytes);
    const left = Math.max(0, totalBytes - downloadedBytes);
    return {
      downloadedBytes,
      totalBytes,
      percent: totalBytes > 0 ? Math.min(100, Math.round((downloadedBytes / totalBytes) * 1000) / 10) : 0,
      bytesPerSecond,
      secondsLeft: bytesPerSecond > 0 ? left / bytesPerSecond : left === 0 ? 0 : undefined,
      resumedFromBytes,
    };
  }
}

/** "2 h 5 min", "4 min", "35 s": coarse on purpose, an estimate is not a stopwatch. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return "";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}
