from app.http.settings import REQUEST_TIMEOUT


class Session:
    def __init__(self, timeout=None):
        self.timeout = REQUEST_TIMEOUT if timeout is None else timeout

    def get(self, url):
        raise NotImplementedError("network access is not part of this example")
