"""Numeric expressions of a sentence: numerals, counters, dates, times and durations, normalised."""
