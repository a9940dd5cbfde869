"""What a supervising office sees: its agencies' submissions and the year's figures."""
