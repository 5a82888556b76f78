"""Analytics: outcomes and the figures the talent office watches."""
