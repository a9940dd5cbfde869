"""The web's two apps as they were before it was laid out by domain — their migrations
only — so that a test can build a database as an earlier main made it."""
