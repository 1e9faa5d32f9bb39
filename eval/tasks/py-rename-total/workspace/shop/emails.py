from shop import orders


def confirmation(order):
    cents = orders.calc_total(order)
    return f"Thanks! Your total is {cents / 100:.2f}."
