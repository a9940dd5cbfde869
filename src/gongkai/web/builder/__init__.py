"""The year's report compiled from the register, written, checked and locked on publication."""
