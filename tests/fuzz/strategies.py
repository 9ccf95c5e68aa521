"""Hypothesis strategies for hostile input, named for what they generate.

Text for HTML forms is surrogate-free (a form post is UTF-8 bytes, so a lone surrogate cannot
arrive that way); JSON bodies can carry lone surrogates ("\\ud800"), so the API strategies add them.
"""

from __future__ import annotations

import string

from hypothesis import strategies as st

# Markup that would run script if a page printed it unescaped.
XSS_PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<iframe srcdoc='&lt;script&gt;alert(1)&lt;/script&gt;'></iframe>",
)

# Characters that break naive code: NUL and other controls, direction overrides, zero-width and
# joiner characters, emoji (astral plane), combining marks, non-characters, line separators.
EDGE_CHARACTERS = (
    "\x00", "\x07", "\x1b", "\x7f", "\r", "\n", "\t", "\x0b", "\x0c", "\x1c", "\x85",
    "\u200b", "\u200d", "\u200e", "\u200f", "\u202e", "\u2066", "\u2028", "\u2029", "\ufeff",
    "\ufffd", "\uffff", "\U0010ffff", "e\u0301", "\u0645\u0631\u062d\u0628\u0627", "\u05e9\u05dc\u05d5\u05dd",
    "🍕", "👩\u200d👩\u200d👧", "🏳️\u200d🌈", "𝕏", "ß", "İ", "\u3000", "Ω", "٣", "²", "{{ 7|add:7 }}", "{% now 'Y' %}",
    "%s", "%(x)s", "'", '"', "\\", "&amp;", "&", ";--", "' OR '1'='1",
)

LONE_SURROGATES = ("\ud800", "\udbff", "\udc00", "\udfff")

PRINTABLE_ONE_LINE = string.ascii_letters + string.digits + " !#$%&()*+,-./:;=?@[]^_`{|}~'\"<>"


def edge_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Short text mixing random unicode, edge characters and script payloads (no lone surrogates)."""
    pieces = st.one_of(
        st.text(max_size=12),
        st.sampled_from(EDGE_CHARACTERS),
        st.sampled_from(XSS_PAYLOADS),
    )
    return st.lists(pieces, max_size=4).map("".join).map(lambda text: text[:max_size])


def long_text() -> st.SearchStrategy[str]:
    """A few hundred to tens of thousands of characters: past every length limit."""
    return st.builds(lambda chunk, times: chunk * times,
                     st.sampled_from(["x", "é", "🍕", "<b>", " ", "\x00"]), st.integers(150, 20_000))


def hostile_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Any text a form field might receive: empty, blank, edge characters, payloads, NUL, very long."""
    return st.one_of(
        st.just(""), st.sampled_from(["   ", "\t\n", "\u3000"]),
        edge_text(max_size), st.text(max_size=max_size), long_text(),
        st.builds(lambda before, after: f"{before}\x00{after}", st.text(max_size=5), st.text(max_size=5)),
    )


def text_with_payload(max_size: int) -> st.SearchStrategy[str]:
    """Storable one-line text (no NUL, no line breaks) around a script payload, at most ``max_size`` long."""
    around = st.text(alphabet=PRINTABLE_ONE_LINE + "éß🍕\u202e\u05e9", max_size=12)
    return st.builds(lambda before, payload, after: f"{before}{payload}{after}"[:max_size].strip() or payload,
                     around, st.sampled_from(XSS_PAYLOADS), around)


def integers_as_text() -> st.SearchStrategy[str]:
    """What a number box can send: good numbers, edge numbers, huge ones and things that are not numbers."""
    return st.one_of(
        st.integers(-3, 25).map(str),
        st.integers(-(10**40), 10**40).map(str),
        st.sampled_from(["", " ", "0", "-0", "+5", " 7 ", "5.0", "5.5", "1e3", "0x10", "1_0", "٣", "²", "NaN",
                         "inf", "-inf", "9" * 5000, "1" * 4301, "2\x00", "twenty"]),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
        edge_text(12),
    )


def url_ids() -> st.SearchStrategy[str]:
    """Made-up ids for a URL segment: random text, payloads, very long, dots, NUL (no real id)."""
    return st.one_of(
        st.text(min_size=1, max_size=30),
        st.sampled_from(["0", "-1", "..", ".", "%", "%00", "\x00", "null", "undefined", "None", " ",
                         "a" * 500, "' OR 1=1 --", '"><img src=x onerror=alert(1)>', "<script>alert(1)<", "🍕"]),
        st.from_regex(r"[A-Za-z0-9_-]{16,24}", fullmatch=True),  # shaped like a real public id
    ).filter(lambda text: "/" not in text)


def json_scalars() -> st.SearchStrategy:
    """Any JSON scalar, with the awkward ones weighted in: huge ints, NaN and infinities, booleans, null,
    edge text, very long text and text ending in a lone surrogate."""
    return st.one_of(
        st.none(), st.booleans(),
        st.integers(-3, 25), st.integers(-(10**30), 10**30), st.just(10**400),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from([0.5, 1.0, -0.0, 1e308, 2.0**63, float("nan"), float("inf")]),
        st.text(max_size=30), st.sampled_from(EDGE_CHARACTERS + XSS_PAYLOADS), long_text(),
        st.builds(lambda text, bad: text + bad, st.text(max_size=5), st.sampled_from(LONE_SURROGATES)),
    )


def json_values() -> st.SearchStrategy:
    """Any JSON value: scalars, and lists and objects nested a few levels."""
    return st.recursive(
        json_scalars(),
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.text(max_size=12), children, max_size=4),
        ),
        max_leaves=12,
    )
