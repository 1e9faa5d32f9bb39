import unittest

from timeparse import parse_duration


class ParseDurationTest(unittest.TestCase):
    def test_examples(self):
        self.assertEqual(parse_duration("1h30m"), 5400)
        self.assertEqual(parse_duration("45s"), 45)
        self.assertEqual(parse_duration("2h 5s"), 7205)
        self.assertEqual(parse_duration("  10m "), 600)
        self.assertEqual(parse_duration("1H2M3S"), 3723)
        self.assertEqual(parse_duration("0s"), 0)

    def test_errors(self):
        for bad in ["", "   ", "10", "5d", "1h1h", "30m1h", "h", "1.5h", "-1m"]:
            with self.assertRaises(ValueError, msg=repr(bad)):
                parse_duration(bad)


if __name__ == "__main__":
    unittest.main()
