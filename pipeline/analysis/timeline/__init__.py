"""Time: the eras table, the date an article is written from, and anchoring what its dates say.

The numeric parser reads what a date expression states (`TimeSpec`: 5月7日 is a month and a day,
昨年 is the reference year minus one, 同日 is the previous date of the text); `anchor` turns each
spec into an ISO 8601 value against the document's reference date and the dates before it.
"""
