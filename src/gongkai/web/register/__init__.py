"""The register: request cases under their legal clocks, their steps and letters; reviews and lawsuits; normative documents; the holiday schedules."""
