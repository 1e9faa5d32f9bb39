import unittest
from pathlib import Path

from settings.levels import is_at_least
from settings.loader import load

HERE = Path(__file__).parent


class SettingsTest(unittest.TestCase):
    def test_project_config_loads(self):
        config = load(HERE / "config.json")
        self.assertEqual(config["workers"], 4)
        self.assertEqual(config["retries"], 5)

    def test_levels(self):
        self.assertTrue(is_at_least("error", "warning"))
        self.assertFalse(is_at_least("debug", "info"))


if __name__ == "__main__":
    unittest.main()
