def calc_total(order):
    """The order's total in cents: each line's price times its quantity."""
    return sum(line["price"] * line["qty"] for line in order["lines"])
