"""The records a report is counted from: request cases, reviews and lawsuits,
normative documents, the year's counts — with an audit trail; nothing is deleted."""
