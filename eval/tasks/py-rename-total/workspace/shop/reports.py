from shop.orders import calc_total


def daily_revenue(orders):
    return sum(calc_total(order) for order in orders)
