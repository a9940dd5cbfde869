"""Published reports uploaded to the platform: read as the command line reads them, checked, kept, shown."""
