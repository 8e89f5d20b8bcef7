"""The interview journal: saved interviews, their estimates over time, outcomes, track record and learning."""
