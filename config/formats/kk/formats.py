"""Kazakh dates ("19 ақпан 2011 ж."): Django ships no Kazakh formats of its own."""

DATE_FORMAT = "j F Y ж."
YEAR_MONTH_FORMAT = "F Y ж."
