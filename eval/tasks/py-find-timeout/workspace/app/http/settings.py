"""Settings of the HTTP client."""

# Seconds to wait for a response before giving up. Raised from 10 after slow partner APIs.
REQUEST_TIMEOUT = 25

USER_AGENT = "app/2.1"
