"""One page per entry of the left navigation."""
