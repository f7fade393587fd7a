"""English dates as the blog has always written them: "February 19, 2011"."""

DATE_FORMAT = "F j, Y"
