"""Mis-decoded text (mojibake) put right before anything reads it, with ftfy.

Scraped news often reaches us decoded with the wrong codec, once or twice: "gÃ¼nlÃ¼k" for
"günlük", "ÐœÐ¾ÑÐºÐ²Ð°" for "Москва". Every later stage (language, entities, similarity)
would read it as another language, so the reader repairs it first and says so in the article's
meta. Only the encoding repairs run: HTML entities, quotes, character widths and line breaks
stay exactly as they came, and text with no trace of mojibake is not touched at all.
"""

from __future__ import annotations

import re

from ftfy import TextFixerConfig, fix_text

ENCODING_ONLY = TextFixerConfig(
    unescape_html=False,  # an HTML input keeps its markup; entities are the parser's business
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)
# What UTF-8 read as Latin-1, Windows-1252 or Mac Roman leaves: a lead byte's letter (Â…ô, ¬)
# then a continuation byte's (U+0080–U+00BF, or the Windows-1252 punctuation in 0x80–0x9F).
# ftfy decides; this only spares it the pages with no such pair (most of them), as its own
# check costs as much as the repair.
MOJIBAKE_TRACE = re.compile(
    "[\u00c2-\u00f4\u00ac][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)


# Unicode compatibility normalisation (NFKC), which some pipelines apply after the damage, spells
# ¼ ½ ¾ as "1⁄4" "1⁄2" "3⁄4"; right after a lead byte's letter they were continuation bytes
# (ü = C3 BC, misread "Ã¼", normalised "Ã1⁄4") and are put back so the bytes add up again.
NFKC_FRACTION = re.compile("(?<=[\u00c2-\u00f4])([13])\u2044([24])")
FRACTIONS = {"14": "\u00bc", "12": "\u00bd", "34": "\u00be"}


def repair_encoding(text: str) -> tuple[str, bool]:
    """The text decoded as it was meant to be, and whether anything changed."""
    if not MOJIBAKE_TRACE.search(text) and not NFKC_FRACTION.search(text):
        return text, False
    restored = NFKC_FRACTION.sub(lambda m: FRACTIONS.get(m[1] + m[2], m[0]), text)
    repaired = fix_text(restored, ENCODING_ONLY)
    if repaired == restored:  # nothing to decode: the fractions were fractions after all
        return text, False
    return repaired, True
