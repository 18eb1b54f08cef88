"""Credit: the customer's credit tab, limits and the credit check panel of the cashier."""
