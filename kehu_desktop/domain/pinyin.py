"""Pinyin search keys for customer names, and a guess at what a search box query is.

Office staff find customers by typing pinyin into the search box (``shyy`` or ``shanghaiyiyao``
for 上海医药) because it is faster than switching the input method to Chinese. The database stores
the two keys from :func:`search_keys` next to each name, searched by prefix.

Polyphones: pypinyin picks one reading per character, using its phrase dictionary where the
character is part of a known word (重庆 chongqing, 长沙 changsha, 银行 yinhang, 行业 hangye all
come out right) and the most common reading otherwise. It still gets some names wrong that
matter to a pharmaceutical distributor, e.g. 药行 → yaoxing, 大参林 → dacanlin, 重药 → zhongyao,
and its word segmentation reads 仁和药业 as 仁 + 和药 → renhuoyaoye and 重庆市长寿区 as
市长 (mayor) + 寿 → shizhangshou. The small
table :data:`READING_OVERRIDES` corrects such phrases after pypinyin has run, without changing
pypinyin's global dictionaries. Where the right reading depends on the name (朝阳 is chaoyang
in 朝阳区 but zhaoyang in 朝阳大药房; 单县 comes out danxian), the search finds the name by
every reading of the character (below), whichever :func:`search_keys` stored.

Because stored keys depend on the pypinyin version and on the override table, changing either
means recomputing the keys of all customers (a data migration), not just new ones.

ü is written ``v`` (绿 → lv), as on every pinyin keyboard.

**Any syllable.** People type the distinctive part of a name (``wy`` for 上海万宇…, ``huadong``
for 杭州华东…), not the city in front of it. :func:`spell_name` gives what the customer list
needs for that: the keys starting at every syllable of every reading combination (a table
searched by prefix), and the same spellings as two strings one row can be tested against. A
polyphone is findable by each of its readings (pypinyin's heteronyms; a phrase pypinyin knows,
such as 重庆, keeps its one reading, and a phrase of :data:`READING_OVERRIDES` keeps the
override, so the table still decides those readings).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from functools import partial
from typing import cast

from kehu_desktop.domain.identifiers import USCC_ALPHABET
from kehu_desktop.domain.identifiers import normalise_text

__all__ = [
    "COMPANY_FORMS",
    "KEY_LENGTH",
    "MAX_READINGS",
    "MIN_ANYWHERE",
    "READINGS_BUDGET",
    "READING_OVERRIDES",
    "SpelledName",
    "classify_query",
    "keys_from_readings",
    "search_keys",
    "spell_name",
]

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
def _pypinyin() -> tuple[Callable[..., list[list[str]]], re.Pattern[str]]:
    """pypinyin's converter (every reading of each character, no tone marks) and its pattern of
    Chinese characters, imported on first use: importing pypinyin loads its dictionaries (about
    a third of a second), which a `kehu` command that never converts a name, or a search that
    is not by pinyin, should not pay."""
    from pypinyin import Style  # lazy: pypinyin loads its dictionaries (see the docstring)
    from pypinyin import pinyin  # lazy: pypinyin loads its dictionaries (see the docstring)
    from pypinyin.constants import RE_HANS

    # pypinyin's stub types the ``errors`` handler as returning str, but its code and docs
    # accept a list (one item per character), which keeps one entry per character here.
    return cast("Callable[..., list[list[str]]]", partial(pinyin, style=Style.NORMAL)), RE_HANS


def _is_han(char: str) -> bool:
    """Whether pypinyin treats ``char`` as a Chinese character (it knows the Unicode ranges)."""
    return _pypinyin()[1].match(char) is not None


def _no_reading(chars: str) -> list[list[str]]:
    """pypinyin ``errors`` handler: an empty reading per unknown character keeps positions."""
    return [[""] for _ in chars]


def _han_readings(run: str) -> list[tuple[str, ...]]:
    """The readings of each character of a run of Chinese characters, pypinyin's choice first
    (the one :func:`search_keys` uses); ``("",)`` for a character it has no reading for.

    pypinyin reads a phrase it knows (重庆, 长寿) with the phrase's reading only, and a character
    outside such a phrase with all of its readings; a phrase of :data:`READING_OVERRIDES` gets
    exactly the override.
    """
    pinyin = _pypinyin()[0]
    found = pinyin(run, heteronym=True, errors=_no_reading)
    readings = [tuple(dict.fromkeys(r)) for r in found]
    if len(readings) != len(run):  # never seen; keep pypinyin's result rather than misalign
        return readings
    for i in range(len(run)):
        for phrase, reading in READING_OVERRIDES.items():
            if run.startswith(phrase, i):
                readings[i : i + len(phrase)] = [(r,) for r in reading]
    return readings


@dataclass(frozen=True)
class _Unit:
    """One syllable of a name: a Chinese character with its readings (pypinyin's choice
    first), or one Latin letter or digit (its own only reading)."""

    char: str
    readings: tuple[str, ...]


def _units(name: str) -> list[_Unit]:
    """The syllables of a name in order. Punctuation, brackets, spaces and characters without a
    reading have none; a Latin letter (lower case) or digit is one."""
    units: list[_Unit] = []
    for run in _runs(normalise_text(name)):
        if _is_han(run[0]):
            readings = _han_readings(run)
            units += [_Unit(c, r) for c, r in zip(run, readings, strict=False) if r and r[0]]
        else:
            units += [_Unit(c, (c,)) for c in re.sub(r"[^a-z0-9]", "", run.lower())]
    return units


def search_keys(name: str) -> tuple[str, str]:
    """``(full pinyin, initials)`` of a name, lower-case without spaces, for prefix search.

    ``search_keys("上海医药有限公司") == ("shanghaiyiyaoyouxiangongsi", "shyyyxgs")``.
    Latin letters and digits (also full-width ones) are kept, lower-case, in *both* keys, so
    ``3M中国`` gives ``("3mzhongguo", "3mzg")``: users type the brand as it is written.
    Punctuation, brackets and spaces are dropped, as are the rare characters pypinyin has no
    reading for, so ``上海医药（集团）`` and ``上海医药集团`` have the same keys.
    """
    return _primary(_units(name))


def _primary(units: list[_Unit]) -> tuple[str, str]:
    readings = [u.readings[0] for u in units]
    return "".join(readings), "".join(r[0] for r in readings)


#: The company forms that end most names. Keys never *start* inside one: nobody types
#: ``youxiangongsi`` to find a customer (it would match every name and add ten keys to each);
#: a key starting before the form runs on into it. Longest first.
COMPANY_FORMS = ("股份有限公司", "有限责任公司", "股份公司", "有限公司", "公司")
#: Reading combinations kept per name: pypinyin's, then each other reading of one character,
#: then of two characters... so that a name full of polyphones (宁波信达大药房 has 2×3×2×3×3×2
#: combinations) cannot multiply its keys without bound.
MAX_READINGS = 8
#: At most this many characters in the two reading strings together: past it a name keeps
#: fewer combinations (never fewer than one). The strings are in an index, and PostgreSQL
#: refuses an index entry over 2,704 bytes; a usual name needs a few hundred.
READINGS_BUDGET = 1500
#: Keys are cut to this many letters; a longer query is looked up by its first ``KEY_LENGTH``
#: letters and then compared in full with the row's reading strings.
KEY_LENGTH = 12
#: Shortest query searched from any syllable. One letter searches the start of the name only:
#: from any syllable it would match nearly every customer.
MIN_ANYWHERE = 2


#: Every syllable pypinyin reads a character as, without tones (ü written v): what a query
#: of letters can start with.
_SYLLABLE_LIST = """
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie bin bing bo bong bu
ca cai can cang cao ce cei cen ceng cha chai chan chang chao che chen cheng chi chong chou
chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang
dao de dei den deng di dia dian diao die din ding diu dong dou du duan dui dun duo e ei en
eng er fa fan fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong gou
gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hm hng hong hou hu
hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue
jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai
lan lang lao le lei len leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun
luo lv lve m ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu n
na nai nan nang nao ne nei nen neng ng ni nia nian niang niao nie nin ning niu nong nou nu
nuan nun nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou
pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri
rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao
she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan
sui sun suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun
tuo wa wai wan wang wei wen weng wo wong wu xi xia xian xiang xiao xie xin xing xiong xiu xu
xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao
ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai
zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
"""
SYLLABLES = frozenset(_SYLLABLE_LIST.split())


@cache
def _syllable_starts() -> frozenset[str]:
    return frozenset(s[:n] for s in SYLLABLES for n in range(1, len(s) + 1))


def inside_one_syllable(letters: str) -> bool:
    """Whether ``letters`` can be the start of one syllable (``shang``, ``zhon``): a query
    that every character read so matches, wherever it stands in a name."""
    return letters in _syllable_starts()


@dataclass(frozen=True)
class SpelledName:
    """What the search box needs to find a name from any syllable (:func:`spell_name`).

    * ``keys``: for every reading combination and every syllable outside the company form, the
      initials and the full pinyin starting there, cut to :data:`KEY_LENGTH` (``hdyylsyxgs``,
      ``huadongyiyao``), except the two of the start of the name with pypinyin's readings,
      which :func:`search_keys` gives and the customers table already holds.
    * ``pinyin_readings``: each combination's full pinyin, space-separated, the first letter of
      every syllable where a key starts in upper case and the company form in lower case
      (``HangZhouHuaDongYiYaoLianSuoyouxiangongsi``). A query starts a key exactly where it
      matches with its first letter in upper case and the rest in either case: the keys' test
      on one row, for walking the list in name order.
    * ``initials_readings``: each combination's initials (each string once), space-separated,
      lower case where a key starts and upper case in the company form (``hzhdyylsYXGS``); the
      same test, with the first letter in lower case.

    Keys shorter than :data:`MIN_ANYWHERE` are left out: no lookup uses them. ``full`` and
    ``initials`` are :func:`search_keys` (computed once for both).
    """

    full: str
    initials: str
    keys: frozenset[str]
    pinyin_readings: str
    initials_readings: str


def _combinations(units: list[_Unit], starts: int) -> list[tuple[str, ...]]:
    """Up to :data:`MAX_READINGS` reading combinations: pypinyin's first, then those using
    fewer other readings before those using more, earlier characters first. The company form
    (the units from ``starts`` on) keeps pypinyin's readings: 公司 is never searched as gongci."""
    primary = tuple(u.readings[0] for u in units)
    others = [(i, r) for i, u in enumerate(units[:starts]) for r in u.readings[1:]]
    found = [primary]
    for count in range(1, len(others) + 1):
        for picked in itertools.combinations(others, count):
            if len({i for i, _ in picked}) < count:
                continue  # two readings of one character
            combination = list(primary)
            for i, reading in picked:
                combination[i] = reading
            found.append(tuple(combination))
            if len(found) == MAX_READINGS:
                return found
    return found


def _key_starts(units: list[_Unit]) -> int:
    """How many syllables, from the first, a key may start at: all but a trailing company form,
    and always the first."""
    chars = "".join(u.char for u in units)
    for form in COMPANY_FORMS:
        if chars.endswith(form):
            return max(1, len(units) - len(form))
    return len(units)


def spell_name(name: str) -> SpelledName:
    """The search keys and reading strings of ``name`` (see :class:`SpelledName`)."""
    units = _units(name)
    starts = _key_starts(units)
    keys: set[str] = set()
    pinyins: list[str] = []
    initials: list[str] = []
    spent = 0
    for combination in _combinations(units, starts):
        full = "".join(combination)
        initial = "".join(r[0] for r in combination)
        spent += len(full) + len(initial) + 2
        if pinyins and spent > READINGS_BUDGET:
            break
        offset = 0
        for i, reading in enumerate(combination[:starts]):
            keys.add(initial[i : i + KEY_LENGTH])
            keys.add(full[offset : offset + KEY_LENGTH])
            offset += len(reading)
        head, tail = combination[:starts], combination[starts:]
        pinyins.append("".join(r[0].upper() + r[1:] for r in head) + "".join(tail))
        initials.append(initial[:starts] + initial[starts:].upper())
    start_full, start_initials = _primary(units)
    keys -= {start_full[:KEY_LENGTH], start_initials[:KEY_LENGTH]}
    # One letter is never looked up (it searches the start of the name only).
    found = frozenset(k for k in keys if len(k) >= MIN_ANYWHERE)
    pinyin_readings = " ".join(pinyins)
    initials_readings = " ".join(dict.fromkeys(initials))
    return SpelledName(start_full, start_initials, found, pinyin_readings, initials_readings)


def keys_from_readings(
    pinyin_readings: str, initials_readings: str, full: str, initials: str
) -> frozenset[str]:
    """The keys :func:`spell_name` gives, rebuilt from its reading strings without pypinyin.

    Where a key starts is written in the strings themselves: in ``pinyin_readings`` a syllable
    a key starts at begins with an upper-case letter or is a digit (a digit is one syllable of
    its own), the company form is lower case; in ``initials_readings`` those syllables' initials
    are lower case (or digits) and the company form's upper case. ``full`` and ``initials`` are
    the start of the name (:func:`search_keys`), which the keys leave out.

    Head office indexes the customer files a branch pushes with this (the branch spelled them
    already): pypinyin was most of a first upload's time there.
    """
    keys: set[str] = set()
    for combination in pinyin_readings.split(" "):
        lower = combination.lower()
        for i, char in enumerate(combination):
            if char.isupper() or char.isdigit():
                keys.add(lower[i : i + KEY_LENGTH])
    for combination in initials_readings.split(" "):
        lower = combination.lower()
        for i, char in enumerate(combination):
            if not char.isupper():
                keys.add(lower[i : i + KEY_LENGTH])
    keys -= {full[:KEY_LENGTH], initials[:KEY_LENGTH]}
    return frozenset(k for k in keys if len(k) >= MIN_ANYWHERE)


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
