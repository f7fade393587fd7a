"""Text that XML 1.0 can carry: feeds, the sitemap and the export drop the rest.

XML 1.0 has no way to write most C0 control characters, U+FFFE or U+FFFF, not even
as character references or in CDATA, and Django's feed writer refuses them
(UnserializableContentError, a 500). A reader's comment may hold them (terminal
colour codes, backspaces), so they are dropped on the way out; the stored text
is left as the reader wrote it.
"""

import re

from django.utils.feedgenerator import Enclosure

NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value) -> str:
    """`value` as text, without the characters XML 1.0 cannot hold."""
    return NOT_XML.sub("", str(value))


def xml_safe(value):
    """Feed data (texts, lists, dicts, enclosures) with every text made XML-safe."""
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, dict):
        return {key: xml_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    if isinstance(value, Enclosure):
        return Enclosure(xml_text(value.url), value.length, xml_text(value.mime_type))
    return value
