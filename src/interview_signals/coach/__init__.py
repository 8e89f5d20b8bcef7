"""The follow-up coach: a draft checker whose rules are data, and a draft writer whose drafts pass it."""
