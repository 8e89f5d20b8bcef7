"""interview-signals: a calibrated, explained estimate of how an interview went, and what to do next."""
