"""Numbers written in Chinese numerals: quantities are read (三个, 十年, 四十九, 两项), words that merely
contain numeral characters are not (一是, 一批, 统一, 十四五, 进一步, 第一, 一般, 唯一, 万一)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from envdash.core.chinese_numerals import chinese_quantities, numeral_value
from envdash.core.numbers import quantity_mentions


def _quantities(text: str) -> list[tuple[str, float, str]]:
    return [(found.text, found.value, found.how) for found in chinese_quantities(text)]


@pytest.mark.parametrize("text, numeral, value", [
    ("新增国家级试点三个", "三", 3),
    ("生态环境公众满意度十年连升", "十", 10),
    ("四十九个国省控断面", "四十九", 49),
    ("完成两项改革", "两", 2),
    ("出台二十条举措", "二十", 20),
    ("四大业务应用场景", "四", 4),
    ("连续6个月", None, None),          # Arabic: not a Chinese numeral at all
    ("三十余家企业", "三十", 30),
    ("連續兩年獲評", "兩", 2),          # Traditional
])
def test_a_numeral_before_a_measure_word_is_a_count(text, numeral, value):
    expected = [] if numeral is None else [(numeral, value, "count")]
    assert _quantities(text) == expected


@pytest.mark.parametrize("text, numeral, value", [
    ("在全市11个市直执法部门经济发展绩效考核中排名第三", "三", 3),
    ("年度“无废指数”列全省第四", "四", 4),
    ("在全省第一批试点场景评估中获全省第一", "一", 1),
    ("数量居全省第二", "二", 2),
])
def test_a_numeral_after_a_ranking_verb_and_第_is_a_rank(text, numeral, value):
    assert _quantities(text) == [(numeral, value, "rank")]


def test_零发生_is_a_zero():
    assert _quantities("确保年度较大以上突发环境事件零发生") == [("零", 0, "zero")]


@pytest.mark.parametrize("text", [
    "一是加快推进碳普惠交易制度改革;二是加快推进生态损害赔偿制度改革",   # list ordinals
    "一要摸清底数。二要追根溯源。",
    "布局一批集中式修复示范基地",                                          # 一 as the article
    "根据省生态环境厅统一部署", "环境业务统一支撑",
    "实现“十四五”规划目标", "更好指导“十五五”生态环境保护工作",           # plan names
    "进一步推动全系统", "落实管党治党责任要进一步到位",
    "入选第一批试点", "南湖区、桐乡市获评第六批省级生态文明建设示范区",      # ordinals with 第
    "特别是第一、二种形态", "积极做好第二轮省委生态环保例行督察迎检工作",
    "一般工业固废收运分拣体系", "作为唯一县级市代表", "万一发生险情",
    "当前和今后一个时期的重要政治任务", "融入到每一项具体工作中",
    "二级巡视员", "三、四级调研员", "二类射线装置", "医废处置二期工程", "入选三季度省示范榜",
    "举一反三", "“三线一单”", "清零", "归零", "争取实现EOD项目申报成功零突破",
])
def test_words_that_merely_contain_numeral_characters_are_not_numbers(text):
    assert _quantities(text) == []


@pytest.mark.parametrize("numeral, value", [("三", 3), ("十二", 12), ("二十", 20), ("四十九", 49),
                                            ("一百零五", 105), ("两千", 2000), ("兩", 2)])
def test_numerals_are_converted_by_cn2an(numeral, value):
    assert numeral_value(numeral) == value


@pytest.mark.parametrize("name", ["十四五", "八八", "三四", "万", "亿", "百"])
def test_digit_by_digit_names_and_bare_magnitudes_have_no_value(name):
    assert numeral_value(name) is None


def test_quantity_mentions_hold_arabic_and_chinese_numbers_in_text_order():
    mentions = quantity_mentions("连续三年获评,全年查处案件690件,排名全省第四,统一部署一批项目")
    assert [(mention.text, mention.number, mention.is_chinese) for mention in mentions] == [
        ("三", 3, True), ("690", 690, False), ("四", 4, True)]


def test_a_chinese_count_followed_by_余_is_more_than():
    [mention] = quantity_mentions("涉及企业三十余家")
    assert (mention.number, mention.more_than) == (30, True)


def test_the_numeral_converter_needs_no_network():
    # a fresh interpreter in which opening any socket fails: importing and converting must still work
    code = ("import socket\n"
            "def refuse(*args, **kwargs): raise OSError('network used')\n"
            "socket.socket = refuse; socket.create_connection = refuse; socket.getaddrinfo = refuse\n"
            "from envdash.core.chinese_numerals import numeral_value\n"
            "print(numeral_value('四十九'))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "49"
