"""What each number is about (subject, actor, time), from the dependency parse.

`words` is imported by the cross-article step too, so this package imports nothing at import
time (`context` loads spaCy and GiNZA).
"""
