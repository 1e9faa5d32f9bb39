// Limits for talking to the upstream API. Tuned after the 2023 outage: more retries, longer waits.
export const MAX_RETRIES = 7;
export const BASE_DELAY_MS = 250;
export const MAX_PAGE_SIZE = 100;
