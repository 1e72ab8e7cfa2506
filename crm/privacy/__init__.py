"""Personal information under Québec's Law 25: a person's data exported or anonymized,
retention rules, and who opened a student's record."""
