const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function retry(task, { attempts = 4, delayMs = 100, shouldRetry = () => true } = {}) {
  let wait = delayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await task(attempt);
    } catch (error) {
      if (attempt >= attempts || !shouldRetry(error)) throw error;
      await sleep(wait);
      wait *= 2;
    }
  }
}
