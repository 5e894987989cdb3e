"""Numbers written in Chinese numerals (三个, 十年, 四十九, 两项), told apart from words that merely
contain numeral characters (一是, 一批, 统一, 十四五, 进一步, 第一, 一般, 唯一, 万一).

The numeral itself is converted by cn2an; what this module decides is whether a run of numeral
characters is a quantity at all. It is one when the text counts something with it — a measure word
follows (三个, 十年, 两项, 二十条) — or ranks with it (排名第三, 列全省第四), or says none happened
(零发生). Everything else is a word: ordinals (一是, 第六批), plan and meeting names (十四五, 二十大),
idioms (举一反三) and 一 as the article "a" (一批, 一个时期); the reports write a count of one as 1.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

NUMERAL_RUN = re.compile(r"[零〇一二两兩三四五六七八九十百千万萬亿億]+")
_MAGNITUDE_ONLY = frozenset("万萬亿億百千")
# Measure words after which a numeral counts something (Simplified and Traditional). Longest first,
# so 个月 is read before 个. Left out on purpose: 级 and 类 (grades: 二级巡视员, 二类射线装置),
# 期 and 批 (phases and batches: 二期工程, 第一批), 届 (meetings), 步 (进一步), 部 (统一部署), 季度.
MEASURE_WORDS = ("个百分点", "個百分點", "个月", "個月", "方面", "公里", "个", "個", "项", "項", "条", "條",
                 "家", "年", "名", "种", "種", "次", "件", "起", "支", "套", "张", "張", "大", "倍", "位",
                 "人", "户", "戶", "座", "台", "臺", "辆", "輛", "天", "周", "週", "所", "处", "處", "吨",
                 "噸", "亩", "畝")
_MORE_THAN = ("多", "余", "餘")
# 排名第三, 列全省第四, 居全省第二, 获全省第一: 第 + numeral after a ranking verb in the same clause.
_RANK_BEFORE = re.compile(r"(?:排名|排|列|居|位居|位列|名列|获|獲)[^,，。;；、]{0,6}第$")
# ...but 获评第六批, 列入第二轮: a batch, round or phase after the numeral makes it an ordinal.
_ORDINAL_AFTER = tuple("批届屆轮輪次期季阶階步章条條款项項号號")
_ZERO_EVENTS = ("发生", "發生")
# 第一、二种形态: a numeral continuing a list of ordinals is an ordinal too.
_ORDINAL_LIST_BEFORE = re.compile(r"第[零〇一二两兩三四五六七八九十]+[、,，和及与與]$")
# Party-discipline set phrases that read like counts; they name rules, not quantities.
SET_PHRASES = ("八项规定", "八項規定", "两个维护", "兩個維護", "两个确立", "兩個確立", "三会一课", "三會一課",
               "四种形态", "四種形態", "一岗双责", "一崗雙責")


@lru_cache(maxsize=4096)
def numeral_value(numeral: str) -> int | float | None:
    """Value of a Chinese numeral such as 三, 十二, 两千, 四十九, 一百零五; None if it is not one.

    cn2an's strict reading refuses digit-by-digit strings (十四五, 八八, 三四), which are names or
    ranges, not numbers. 两 is the spoken form of 二 before a measure word, which strict reading
    does not take, so it is read as 二.
    """
    if not numeral or set(numeral) <= _MAGNITUDE_ONLY:
        return None
    from cn2an import cn2an   # imported on first use: it adds a tenth of a second to every start
    try:
        return cn2an(numeral.replace("两", "二").replace("兩", "二"), "strict")
    except (ValueError, KeyError, IndexError, TypeError):
        return None


@dataclass(frozen=True)
class ChineseQuantity:
    """A run of Chinese numerals that states a quantity, and how it does so."""
    start: int
    end: int
    text: str
    value: float
    how: str              # count (三个) | rank (排名第三) | zero (零发生)


def measure_word_after(text: str, end: int) -> str | None:
    """The measure word just after a numeral ending at `end` (after 多 / 余), if any."""
    position = end + (text[end: end + 1] in _MORE_THAN)
    return next((word for word in MEASURE_WORDS if text.startswith(word, position)), None)


def quantity_at(text: str, start: int, end: int) -> ChineseQuantity | None:
    """The quantity the numeral text[start:end] states, or None when it is a word, not a number."""
    numeral = text[start:end]
    value = numeral_value(numeral)
    if value is None:
        return None
    before = text[max(0, start - 12): start]
    if _ORDINAL_LIST_BEFORE.search(before):
        return None
    if before.endswith("第"):
        is_rank = _RANK_BEFORE.search(before) and not text.startswith(_ORDINAL_AFTER, end)
        return ChineseQuantity(start, end, numeral, float(value), "rank") if is_rank else None
    if numeral in ("零", "〇"):
        return ChineseQuantity(start, end, numeral, 0.0, "zero") if text.startswith(_ZERO_EVENTS, end) else None
    if value < 2:
        return None   # 一 before a measure word is the article: 一批, 一个时期, 每一项
    if measure_word_after(text, end) is None:
        return None
    return ChineseQuantity(start, end, numeral, float(value), "count")


def chinese_quantities(text: str) -> list[ChineseQuantity]:
    """Every quantity written in Chinese numerals in `text`, in order."""
    found = []
    for match in NUMERAL_RUN.finditer(text):
        quantity = quantity_at(text, match.start(), match.end())
        if quantity is not None:
            found.append(quantity)
    return found
