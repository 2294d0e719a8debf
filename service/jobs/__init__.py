"""Jobs: the nightly discrepancy report and its scheduler."""
