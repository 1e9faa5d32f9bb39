import { BASE_DELAY_MS, MAX_RETRIES } from "../config/limits.js";

export async function fetchWithRetry(fetchOnce, sleep) {
  let lastError;
  for (let attempt = 0; attempt <= MAX_RETRIES; attempt++) {
    try {
      return await fetchOnce();
    } catch (error) {
      lastError = error;
      await sleep(BASE_DELAY_MS * 2 ** attempt);
    }
  }
  throw lastError;
}
