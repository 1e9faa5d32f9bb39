import unittest

from calc.ops import divide


class DivideTest(unittest.TestCase):
    def test_divides(self):
        self.assertEqual(divide(6, 3), 2)

    def test_zero_raises(self):
        with self.assertRaises(ZeroDivisionError):
            divide(1, 0)


if __name__ == "__main__":
    unittest.main()
