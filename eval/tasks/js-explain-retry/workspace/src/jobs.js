import { retry } from "./retry.js";

export function runJob(job) {
  return retry(() => job.run(), { attempts: 3, shouldRetry: (error) => error.code === "EBUSY" });
}
