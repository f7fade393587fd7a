class TwoDigitConverter:
    """Month or day as two digits, kept as text so `/2011/02/` stays `02`."""

    regex = r"[0-9]{2}"
    width = 2

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):0{self.width}d}"


class YearConverter(TwoDigitConverter):
    regex = r"[0-9]{4}"
    width = 4
