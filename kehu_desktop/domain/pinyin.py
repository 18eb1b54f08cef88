"""Pinyin search keys for customer names, and a guess at what a search box query is.

Office staff find customers by typing pinyin into the search box (``shyy`` or ``shanghaiyiyao``
for 上海医药) because it is faster than switching the input method to Chinese. The database stores
the two keys from :func:`search_keys` next to each name, so the search is a plain ``LIKE``.

Polyphones: pypinyin picks one reading per character, using its phrase dictionary where the
character is part of a known word (重庆 chongqing, 长沙 changsha, 银行 yinhang, 行业 hangye all
come out right) and the most common reading otherwise. It still gets some names wrong that
matter to a pharmaceutical distributor, e.g. 药行 → yaoxing, 大参林 → dacanlin, 重药 → zhongyao,
and its word segmentation reads 仁和药业 as 仁 + 和药 → renhuoyaoye and 重庆市长寿区 as
市长 (mayor) + 寿 → shizhangshou. The small
table :data:`READING_OVERRIDES` corrects such phrases after pypinyin has run, without changing
pypinyin's global dictionaries. Anything still wrong (朝阳 is chaoyang in 朝阳区 but zhaoyang in
朝阳大药房, 单县 comes out danxian) can be found by the name itself or the credit code.

Because stored keys depend on the pypinyin version and on the override table, changing either
means recomputing the keys of all customers (a data migration), not just new ones.

ü is written ``v`` (绿 → lv), as on every pinyin keyboard.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import cast

from kehu_desktop.domain.identifiers import USCC_ALPHABET, normalise_text

__all__ = ["READING_OVERRIDES", "classify_query", "search_keys"]

#: Phrases pypinyin reads wrongly, with the reading wanted in customer names (one syllable per
#: character). Each is applied wherever it occurs in a name; overlapping phrases agree on the
#: shared characters (康和药行 gets both 和药 and 药行).
READING_OVERRIDES: dict[str, tuple[str, ...]] = {
    "药行": ("yao", "hang"),  # drug wholesaler (XX药行); pypinyin: yaoxing
    "和药": ("he", "yao"),  # 仁和药业, 康和药店...; pypinyin segments 和药 (huoyao, "mix drugs")
    "重药": ("chong", "yao"),  # 重药控股 (Chongqing Pharmaceutical); pypinyin: zhongyao
    "长寿": ("chang", "shou"),  # 重庆市长寿区, otherwise segmented as 市长 (mayor) + 寿
    "药都": ("yao", "du"),  # 药都 (Bozhou, Zhangshu); pypinyin: yaodou
    "大参林": ("da", "shen", "lin"),  # the pharmacy chain; pypinyin: dacanlin
}


@cache
def _pypinyin() -> tuple[Callable[..., list[str]], re.Pattern[str]]:
    """pypinyin's converter and its pattern of Chinese characters, imported on first use:
    importing pypinyin loads its dictionaries (about a third of a second), which a `kehu`
    command that never converts a name, or a search that is not by pinyin, should not pay."""
    from pypinyin import lazy_pinyin
    from pypinyin.constants import RE_HANS

    return cast("Callable[..., list[str]]", lazy_pinyin), RE_HANS


def _is_han(char: str) -> bool:
    """Whether pypinyin treats ``char`` as a Chinese character (it knows the Unicode ranges)."""
    return _pypinyin()[1].match(char) is not None


def _no_reading(chars: str) -> list[str]:
    """pypinyin ``errors`` handler: an empty syllable per unknown character keeps positions."""
    return [""] * len(chars)


def _han_syllables(run: str) -> list[str]:
    """One pinyin syllable per character of a run of Chinese characters ("" if it has none)."""
    # The ``errors`` handler returns a list (one item per syllable), which pypinyin's code and
    # docs accept (its stub says str): that keeps one syllable per character here.
    lazy_pinyin = _pypinyin()[0]
    syllables = lazy_pinyin(run, errors=_no_reading)
    if len(syllables) != len(run):  # never seen; keep pypinyin's result rather than misalign
        return syllables
    for i in range(len(run)):
        for phrase, reading in READING_OVERRIDES.items():
            if run.startswith(phrase, i):
                syllables[i : i + len(phrase)] = reading
    return syllables


def search_keys(name: str) -> tuple[str, str]:
    """``(full pinyin, initials)`` of a name, lower-case without spaces, for prefix search.

    ``search_keys("上海医药有限公司") == ("shanghaiyiyaoyouxiangongsi", "shyyyxgs")``.
    Latin letters and digits (also full-width ones) are kept, lower-case, in *both* keys, so
    ``3M中国`` gives ``("3mzhongguo", "3mzg")``: users type the brand as it is written.
    Punctuation, brackets and spaces are dropped, as are the rare characters pypinyin has no
    reading for, so ``上海医药（集团）`` and ``上海医药集团`` have the same keys.
    """
    full: list[str] = []
    initials: list[str] = []
    text = normalise_text(name)
    for run in _runs(text):
        if _is_han(run[0]):
            for syllable in _han_syllables(run):
                if syllable:
                    full.append(syllable)
                    initials.append(syllable[0])
        else:
            kept = re.sub(r"[^a-z0-9]", "", run.lower())
            full.append(kept)
            initials.append(kept)
    return "".join(full), "".join(initials)


def _runs(text: str) -> list[str]:
    """Split ``text`` into maximal runs of Chinese and of other characters.

    pypinyin only segments words inside a run of Chinese characters, so converting run by run
    gives the same syllables as converting the whole name, and tells us which parts are Latin.
    """
    runs: list[str] = []
    for char in text:
        if runs and _is_han(runs[-1][0]) == _is_han(char):
            runs[-1] += char
        else:
            runs.append(char)
    return runs


_LETTERS = re.compile(r"^[a-z]+$")
_SPACED_LETTERS = re.compile(r"^[a-z]+(?: [a-z]+)+$")
_PHONE_LIKE = re.compile(r"^\+?[\d\s()\-]+$")
_PHONE_START = re.compile(r"^(?:0|1[3-9]|[48]00)")
_USCC_PREFIX = re.compile(rf"^[0-9A-Z][{USCC_ALPHABET}]{{1,17}}$")

#: Longest all-letter query still treated as initials: a 12-character customer name is long.
MAX_INITIALS = 12


def classify_query(q: str) -> str:
    """Guess what the user typed into the customer search box.

    Returns one of:

    * ``"initials"`` - only Latin letters, at most 12 (``shyy``). Short letter strings are also
      valid full-pinyin prefixes (``shang``), so the caller should search both keys;
    * ``"pinyin"`` - only letters, longer than 12 or with spaces (``shang hai yi yao``); the
      caller removes the spaces and searches the full-pinyin key;
    * ``"phone"`` - digits with at least 3 of them, possibly ``+ - ( )`` and spaces, that either
      contain such punctuation or start like a phone number (0, 13-19, 400, 800);
    * ``"code"`` - 2-18 characters of the credit-code alphabet (any case), starting with a digit
      or letter and containing a digit (``9131``, ``91310000MA1``); all-digit strings that do
      not look like a phone number land here;
    * ``"text"`` - everything else: Chinese, mixed punctuation, empty. Searched as a name.

    A mobile prefix such as ``138`` could in theory also start a credit code (authority 1,
    type 3); such codes are very rare, and the caller can search both when it matters.
    """
    text = normalise_text(q)
    if not text:
        return "text"
    lower = text.lower()
    if _LETTERS.match(lower):
        return "initials" if len(lower) <= MAX_INITIALS else "pinyin"
    if _SPACED_LETTERS.match(lower):
        return "pinyin"
    if _PHONE_LIKE.match(text) and sum(c.isdigit() for c in text) >= 3:
        compact = re.sub(r"\D", "", text)
        if not text.isdigit() or _PHONE_START.match(compact):
            return "phone"
    upper = text.upper().replace(" ", "")
    if _USCC_PREFIX.match(upper) and any(c.isdigit() for c in upper):
        return "code"
    return "text"
