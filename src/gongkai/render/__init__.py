"""AnnualReport → text for people and for other programs."""
