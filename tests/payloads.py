"""Payload corpora: the Big List of Naughty Strings, attribute breakouts, shortcodes."""

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"

# Ways out of an attribute or a text node, and shortcodes inside markup.
BREAKOUTS = [
    '<img src="/static/none.png" alt="[survey_results nosuch">] x" '
    'onerror=alert(document.domain) y="',
    '<a href="https://x.kz/" title="[survey_link x">]" onmouseover="alert(1)">x</a>',
    '<p title="[survey_link">x</p><p>"] onmouseover=alert(1) [survey_link]</p>',
    "<p>[survey_results <script>alert(1)</script>]</p>",
    '<p>[survey_link "<img src=x onerror=alert(1)>"]</p>',
    "<p>[survey_link slug='\"><svg onload=alert(1)>']</p>",
    '<a href="javascript:alert(1)">x</a><a href=" jav&#x09;ascript:alert(1)">y</a>',
    '<a href="&#106;avascript:alert(1)">x</a><img src="javascript:alert(1)">',
    "<svg><script>alert(1)</script></svg><math><mi xlink:href=javascript:alert(1)>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe><object data="x.swf">',
    "<style>*{x:expression(alert(1))}</style><!--[survey_link]--><![CDATA[<script>]]>",
    '<img src=x onerror="alert(1)"//<p onclick=alert(1)>[survey_link one two three]',
    "<p>[[survey_link x]] [survey_lnik x] [survey_results]</p>",
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">',
    "<p>\x00[survey_link\x00x]\x1b[0;31m\ufffe</p>",
    # The same with a survey that exists, so the handler really renders.
    '<img src="/x.png" alt="[survey_link life-in-almaty">] onerror=alert(1) y="',
    '<a href="https://x.kz/" title="[survey_results life-in-almaty]">x</a>',
    '<p>[survey_link "life-in-almaty" x="<script>alert(1)</script>"]</p>',
    "<p>[survey_results life-in-almaty 1]</p><p>[survey_link one two three]</p>",
]
# Control characters XML 1.0 cannot carry, beyond the three blns strings with them.
CONTROL = ["a\x00b", "form\x0cfeed", "vertical\x0btab", "not\ufffea\uffffchar"]


@cache
def blns() -> tuple[str, ...]:
    """The 485 strings of npm's blns 2.0.4 (tests/data/README.md)."""
    return tuple(json.loads((DATA / "blns.json").read_text(encoding="utf-8")))


def sample(step: int = 25) -> list[str]:
    """A few of them, for the slower paths through real views: every breakout
    and control case, and every `step`-th blns string."""
    return [*blns()[::step], *BREAKOUTS, *CONTROL]


def everything() -> list[str]:
    """Every payload: blns, the breakouts and the control characters."""
    return [*blns(), *BREAKOUTS, *CONTROL]
