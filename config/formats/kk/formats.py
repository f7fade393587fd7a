"""Kazakh dates (CLDR's long form, "2011 ж. 19 ақпан"); Django ships none."""

DATE_FORMAT = "Y ж. j E"
DATETIME_FORMAT = "Y ж. j E, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "Y ж. F"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
