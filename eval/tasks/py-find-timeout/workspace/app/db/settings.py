"""Settings of the database pool."""

CONNECT_TIMEOUT = 5
POOL_SIZE = 8
