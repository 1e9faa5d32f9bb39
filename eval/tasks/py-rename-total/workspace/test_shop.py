import unittest

from shop.emails import confirmation
from shop.orders import calc_total
from shop.reports import daily_revenue

ORDER = {"lines": [{"price": 250, "qty": 2}, {"price": 100, "qty": 1}]}


class ShopTest(unittest.TestCase):
    def test_total(self):
        self.assertEqual(calc_total(ORDER), 600)

    def test_revenue_and_email(self):
        self.assertEqual(daily_revenue([ORDER, ORDER]), 1200)
        self.assertEqual(confirmation(ORDER), "Thanks! Your total is 6.00.")


if __name__ == "__main__":
    unittest.main()
