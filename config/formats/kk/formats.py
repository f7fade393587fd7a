"""Kazakh dates (CLDR's long form, "2011 ж. 19 ақпан"); Django ships none.

E is the month as written inside a date, lower case (our catalog's "alt. month"
entries); F, the month standing alone ("Ақпан"), keeps its capital.
"""

DATE_FORMAT = "Y ж. j E"
DATETIME_FORMAT = "Y ж. j E, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "Y ж. E"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
