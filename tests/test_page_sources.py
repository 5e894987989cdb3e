"""Sources page: report metadata, full text with highlighted quotes, focus links; text is shown literally."""
from __future__ import annotations

import re

import duckdb
import pytest
from apptest_helpers import open_page, page_links, texts
from fixture_project import SOURCE_ID, make_project

from envdash.present.source_reader import (
    Segment,
    Span,
    context_bounds,
    context_markdown,
    escape,
    lines,
    segment_markdown,
    segments,
    text_markdown,
)

HOSTILE = ("<script>alert(1)</script>", "[x](javascript:alert(1))", ":red[x]", "**bold**", "&lt;b&gt;",
           "https://example.com", "`code`", "$x^2$", "\\]")
_ESCAPED_PAIR = re.compile(r"\\.", re.S)


def _unescaped(markdown: str) -> str:
    """What is left once every backslash-escaped character is taken out: the live markup."""
    return _ESCAPED_PAIR.sub("", markdown)


def _one(connection, sql: str, *params):
    return connection.execute(sql, params).fetchone()


def _full_text(app) -> str:
    """The markdown body of the report's full text (before, at and after the focused quote)."""
    return "\n\n".join(element.value for element in app.container("sources-text").markdown if element.value)


@pytest.fixture(scope="module")
def database(built_database):
    with duckdb.connect(str(built_database), read_only=True) as connection:
        yield connection


# --- segments and escaping -------------------------------------------------------------------------


def test_segments_cut_the_text_at_every_quote_boundary_and_keep_all_of_it():
    text = "甲乙丙丁戊己庚"
    pieces = segments(text, [Span("f1", "figure", 1, 3), Span("d1", "directive", 4, 6)])
    assert [(piece.text, piece.kind) for piece in pieces] == [
        ("甲", "plain"), ("乙丙", "figure"), ("丁", "plain"), ("戊己", "directive"), ("庚", "plain")]
    assert "".join(piece.text for piece in pieces) == text


def test_figure_inside_a_directive_shows_as_figure_with_the_directive_around_it():
    pieces = segments("0123456789", [Span("d1", "directive", 1, 9), Span("f1", "figure", 3, 5)])
    assert [(piece.text, piece.kind) for piece in pieces] == [
        ("0", "plain"), ("12", "directive"), ("34", "figure"), ("5678", "directive"), ("9", "plain")]


def test_partly_overlapping_quotes_merge_into_one_highlight_of_the_stronger_kind():
    pieces = segments("0123456789", [Span("d1", "directive", 1, 5), Span("f1", "figure", 4, 8)])
    assert [(piece.text, piece.kind) for piece in pieces] == [
        ("0", "plain"), ("123", "directive"), ("4567", "figure"), ("89", "plain")]


def test_focused_record_outranks_the_figure_it_overlaps():
    pieces = segments("0123456789", [Span("f1", "figure", 2, 6), Span("d1", "directive", 0, 10)], focus_id="d1")
    assert [(piece.text, piece.kind) for piece in pieces] == [("0123456789", "focus")]


def test_quote_offsets_outside_the_text_are_ignored():
    assert segments("abc", [Span("f1", "figure", 2, 40)]) == [Segment("abc", "plain")]


def test_a_highlight_never_runs_across_a_line_break():
    grouped = lines([Segment("前\n", "plain"), Segment("一行\n二行", "directive")])
    assert grouped == [[Segment("前", "plain")], [Segment("一行", "directive")], [Segment("二行", "directive")]]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_escape_leaves_no_live_markup(hostile):
    live = _unescaped(escape(hostile))
    assert not set(live) & set("<>[]()`*$:\\&"), live


def test_escape_defuses_bare_links_that_gfm_would_make_clickable():
    escaped = escape("见 https://example.com 或 www.example.com 或 a@b.com")
    assert "https:" not in escaped.replace("\\", "") and "www." not in escaped.replace("\\", "")
    assert "a@" not in escaped


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("kind", ["figure", "directive", "focus"])
def test_hostile_quote_stays_inside_its_highlight(hostile, kind):
    markdown = segment_markdown(Segment(f"前{hostile}后", kind))
    colour = {"figure": "blue", "directive": "orange", "focus": "yellow"}[kind]
    live = _unescaped(markdown)
    bold = "**" if kind == "focus" else ""
    # the only live markup is the directive itself: data cannot close its bracket early
    assert live == f":{colour}-background[{bold}前{_unescaped(escape(hostile))}后{bold}]"


def test_spaces_around_a_focused_quote_stay_outside_the_bold_marks():
    assert segment_markdown(Segment(" 甲乙 ", "focus")) == " :yellow-background[**甲乙**] "


def test_plain_text_with_markup_renders_escaped_and_is_never_html():
    markdown = text_markdown("# 标题\n    缩进\n1. 列表 <b>粗</b>", [])
    assert markdown == "\\# 标题\n\n缩进\n\n1\\. 列表 \\<b\\>粗\\</b\\>"


def test_context_is_the_sentence_around_the_quote():
    text = "第一句。第二句有数字42在这里;后面还有。\n下一行"
    start = text.index("数字42")
    begin, finish = context_bounds(text, start, start + 4)
    assert text[begin:finish] == "第二句有数字42在这里;"


def test_context_of_a_long_line_is_cut_with_ellipses():
    text = "甲" * 300 + "目标" + "乙" * 300
    start = text.index("目标")
    markdown = context_markdown(text, start, start + 2, reach=10)
    assert markdown == "…" + "甲" * 10 + ":yellow-background[**目标**]" + "乙" * 10 + "…"


# --- the page ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sources_page_renders_every_report_in_both_languages(lang, database):
    for (source_id,) in database.execute("SELECT source_id FROM sources").fetchall():
        app = open_page("sources", lang, source=source_id)
        assert app.selectbox(key="sources.source").value == source_id
        assert ":blue-background[" in _full_text(app) or ":orange-background[" in _full_text(app)


def test_labels_follow_the_language():
    assert "发布机构" in texts(open_page("sources", "zh", source="baoding_2024_meeting"))
    assert "Issuer" in texts(open_page("sources", "en", source="baoding_2024_meeting"))


def test_traditional_script_report_shows_its_own_characters():
    app = open_page("sources", "zh", source="jiangsu_2024_12_meeting")
    assert "省生態" in _full_text(app)
    assert "繁体中文" in texts(app)
    assert any("只有工作部署" in element.value for element in app.info)


def test_focus_on_a_figure_highlights_exactly_that_quote(database):
    figure_id, source_id, quote = _one(database, """
        SELECT figure_id, source_id, quote FROM figures
        WHERE NOT is_derived AND source_id = 'baoding_2024_meeting' AND quote NOT LIKE '%' || chr(10) || '%'
        ORDER BY quote_start LIMIT 1""")
    app = open_page("sources", "en", source=source_id, focus=figure_id)
    text = _full_text(app)
    assert text.count(":yellow-background[") == 1
    assert f":yellow-background[**{escape(quote.strip())}**]" in text
    callout = app.info[0].value
    assert callout.startswith("Linked figure") and escape(quote.strip()) in callout


def test_focus_on_a_directive_names_its_theme_and_highlights_it(database):
    directive_id, source_id, quote, theme = _one(database, """
        SELECT d.directive_id, d.source_id, d.quote, t.name_zh FROM directives d JOIN themes t USING (theme_id)
        WHERE d.source_id = 'cixi_2022_plan' AND d.quote NOT LIKE '%' || chr(10) || '%'
        ORDER BY d.quote_start LIMIT 1""")
    app = open_page("sources", "zh", source=source_id, focus=directive_id)
    assert f":yellow-background[**{escape(quote.strip())}**]" in _full_text(app)
    assert app.info[0].value.startswith("链接指向的工作部署") and theme in app.info[0].value


def test_a_link_with_only_a_focus_opens_the_report_it_comes_from(database):
    figure_id, source_id = _one(database, "SELECT figure_id, source_id FROM figures WHERE source_id = 'cixi_2022_plan' LIMIT 1")
    app = open_page("sources", "en", focus=figure_id)
    assert app.selectbox(key="sources.source").value == source_id
    assert _full_text(app).count(":yellow-background[") == 1


def test_derived_figure_focus_shows_its_formula(database):
    figure_id, source_id, formula = _one(database, "SELECT figure_id, source_id, formula FROM figures WHERE is_derived LIMIT 1")
    app = open_page("sources", "en", source=source_id, focus=figure_id)
    assert escape(formula) in app.info[0].value


def test_unknown_source_falls_back_to_the_first_report_with_a_notice(database):
    app = open_page("sources", "en", source="no_such_report<script>")
    first = database.execute("""SELECT s.source_id FROM sources s JOIN places p USING (place_id)
                                ORDER BY p.sort_order, s.published LIMIT 1""").fetchone()[0]
    assert app.selectbox(key="sources.source").value == first
    assert any("“source”" in element.value for element in app.info)


def test_unknown_focus_falls_back_with_a_notice_and_highlights_nothing():
    app = open_page("sources", "en", source="baoding_2024_meeting", focus="fig-doesnotexist")
    assert any("“focus”" in element.value for element in app.info)
    assert ":yellow-background[" not in _full_text(app)


def test_focus_from_another_report_is_not_highlighted_but_its_report_is_offered(database):
    figure_id = _one(database, "SELECT figure_id FROM figures WHERE source_id = 'cixi_2022_plan' LIMIT 1")[0]
    app = open_page("sources", "en", source="baoding_2024_meeting", focus=figure_id)
    assert ":yellow-background[" not in _full_text(app)
    assert figure_id in app.warning[0].value.replace("\\", "")
    app.button(key="sources.open_focus_report").click().run()
    assert app.selectbox(key="sources.source").value == "cixi_2022_plan"
    assert _full_text(app).count(":yellow-background[") == 1


def test_choosing_another_report_drops_the_focus(database):
    figure_id = _one(database, "SELECT figure_id FROM figures WHERE source_id = 'baoding_2024_meeting' LIMIT 1")[0]
    app = open_page("sources", "en", source="baoding_2024_meeting", focus=figure_id)
    app.selectbox(key="sources.source").select("cixi_2022_plan").run()
    assert not app.exception
    assert not app.info or not app.info[0].value.startswith("Linked")
    assert ":yellow-background[" not in _full_text(app)
    assert "focus" not in app.query_params


def test_figures_table_lists_every_figure_of_the_report_with_its_link(database):
    count = _one(database, "SELECT count(*) FROM figures WHERE source_id = 'jiaxing_2022_review_2023_plan'")[0]
    app = open_page("sources", "en", source="jiaxing_2022_review_2023_plan")
    table = app.dataframe[0].value
    assert len(table) == count
    assert list(table.columns[:5]) == ["Metric", "Value", "Period", "Kind", "Derived"]
    assert "In the text" not in table.columns
    presenting = open_page("sources", "en", source="jiaxing_2022_review_2023_plan", present="1")
    presenting.selectbox(key="sources.figures.sentence_row").select_index(0).run()
    links = [query for _, target, query in page_links(presenting) if target == "sources" and "focus" in query]
    assert len(links) == 1 and links[0]["source"] == ["jiaxing_2022_review_2023_plan"]
    assert links[0]["focus"][0].startswith(("fig-", "der-")) and "back" not in links[0]


def test_metadata_shows_counts_and_coverage_from_the_database(database):
    figures, derived, directives = _one(database, """
        SELECT count(*) FILTER (WHERE NOT is_derived), count(*) FILTER (WHERE is_derived),
               (SELECT count(*) FROM directives WHERE source_id = 'baoding_2024_meeting')
        FROM figures WHERE source_id = 'baoding_2024_meeting'""")
    numbers, unaccounted = _one(database, "SELECT numbers, unaccounted FROM coverage WHERE source_id = 'baoding_2024_meeting'")
    app = open_page("sources", "en", source="baoding_2024_meeting")
    assert [int(metric.value) for metric in app.metric] == [figures, directives, derived, unaccounted]
    assert f"{numbers} numbers in the text" in texts(app)


def test_unaccounted_numbers_are_listed_and_hostile_text_is_shown_literally(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project")
    hostile_line = "会议强调<script>alert(1)</script>[x](javascript:alert(1)):red[x]要完成7项任务。\n"
    source_path = project.path("data/sources/baoding_2024_meeting.txt")
    project.write_raw("data/sources/baoding_2024_meeting.txt", source_path.read_text(encoding="utf-8") + hostile_line)
    project.write_curated(extra_directives=[{"theme": "governance", "quote": hostile_line.strip(),
                                             "summary_en": "<b>Finish</b> [seven](javascript:alert(1)) tasks."}])
    assert project.run("build").returncode == 0
    monkeypatch.setenv("ENVDASH_ROOT", str(project.root))
    monkeypatch.setenv("ENVDASH_DB", str(project.db_path))
    with duckdb.connect(str(project.db_path), read_only=True) as connection:
        unaccounted = {row[0] for row in connection.execute(
            "SELECT number FROM unaccounted_numbers WHERE source_id = ?", [SOURCE_ID]).fetchall()}
        directive_id = connection.execute("SELECT directive_id FROM directives WHERE quote LIKE '%script%'").fetchone()[0]
    assert "7" in unaccounted

    app = open_page("sources", "en", source=SOURCE_ID, focus=directive_id)
    listed = app.dataframe[0].value
    assert set(listed["Number"]) == unaccounted
    text = _full_text(app)
    assert "<script>" not in text and "](javascript" not in text and ":red[" not in text
    assert f":yellow-background[**{escape(hostile_line.strip())}**]" in text
    assert "<b>" not in app.info[0].value and "](javascript" not in app.info[0].value


# --- scope and notes in the reader's language ---------------------------------------------------------

REPORT_NOTES = {"zh": ("页面未标注标题;此标题为对该文件的描述。", "计划落款日期为2022年1月4日。"),
                "en": ("The page carries no title; this one describes the document.",
                       "The plan itself is dated 2022-01-04.")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_notes_show_in_the_reader_s_language(lang):
    shown = texts(open_page("sources", lang, source="cixi_2022_plan"))
    other = "en" if lang == "zh" else "zh"
    assert all(note in shown for note in REPORT_NOTES[lang])
    assert not any(note in shown for note in REPORT_NOTES[other])


@pytest.mark.parametrize("lang, scope_header, note_header", [("zh", "范围", "备注"), ("en", "Scope", "Note")])
def test_figures_table_shows_scope_and_notes_in_the_reader_s_language(lang, scope_header, note_header, database):
    expected = database.execute(f"""
        SELECT coalesce(scope_{lang}, ''), coalesce(note_{lang}, '') FROM facts
        WHERE source_id = 'jiaxing_2022_review_2023_plan' ORDER BY quote_start, is_derived, figure_id""").fetchall()
    table = open_page("sources", lang, source="jiaxing_2022_review_2023_plan").dataframe[0].value
    assert list(zip(table[scope_header], table[note_header])) == expected
    assert "市区(设区城市)" in set(table[scope_header]) if lang == "zh" else "urban districts" in set(table[scope_header])


def test_focused_figure_names_its_scope_in_the_reader_s_language(database):
    figure_id = _one(database, """SELECT figure_id FROM facts WHERE place_id = 'jiaxing' AND kind = 'target'
                                  AND metric_id = 'pm25_annual_mean'""")[0]
    assert "范围: 市区(设区城市)" in texts(open_page("sources", "zh", focus=figure_id))
    assert "Scope: urban districts" in texts(open_page("sources", "en", focus=figure_id))
