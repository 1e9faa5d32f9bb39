// Defaults for the command-line flags (they do not limit the network client).
export const DEFAULT_PAGE_SIZE = 20;
export const DEFAULT_RETRIES_FLAG = 3;
