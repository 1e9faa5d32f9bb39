import json
from pathlib import Path

DEFAULTS = {"workers": 2, "log_level": "info", "retries": 3}


def load(path):
    """DEFAULTS overlaid with the JSON object in `path` (keys it does not know are an error)."""
    data = json.loads(Path(path).read_text())
    unknown = set(data) - set(DEFAULTS)
    if unknown:
        raise KeyError(f"unknown settings: {sorted(unknown)}")
    return {**DEFAULTS, **data}
