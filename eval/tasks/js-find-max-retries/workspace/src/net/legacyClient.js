// Kept for the v1 export job only. Not used by the API client.
const MAX_RETRIES_V1 = 2;

export function legacyAttempts() {
  return MAX_RETRIES_V1 + 1;
}
