import unittest

from weather.report import average_celsius, forecast_line
from weather.units import to_celsius


class RoundingTest(unittest.TestCase):
    def test_digits(self):
        self.assertEqual(to_celsius(100, digits=1), 37.8)
        self.assertEqual(to_celsius(100, 0), 38)
        self.assertAlmostEqual(to_celsius(100), 37.77777777777778)

    def test_callers(self):
        self.assertEqual(forecast_line("Oslo", 50, 33), "Oslo: high 10.0 C, low 0.6 C")
        self.assertAlmostEqual(average_celsius([50, 51]), 10.277777777777779)


if __name__ == "__main__":
    unittest.main()
