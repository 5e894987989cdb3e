"""Overview, Trends, Targets and Compare under AppTest, in both languages."""
import duckdb
import pytest
from apptest_helpers import open_page, page_links, texts


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", [None, "trends", "targets", "compare"])
def test_page_renders_without_exception_in_both_languages(page, lang):
    app = open_page(page, lang)
    assert app.title, "every page has a title"


def test_overview_lists_places_province_first_then_cities_then_county():
    app = open_page(None, "en")
    headings = [element.value for element in app.subheader]
    assert headings.index("Jiangsu") < headings.index("Baoding") < headings.index("Cixi")
    assert set(headings) >= {"Jiangsu", "Ningbo", "Jiaxing", "Baoding", "Cixi"}


def test_overview_says_jiangsu_has_only_directives():
    shown = texts(open_page(None, "en"))
    assert "This report states no figures, only directives" in shown


def test_overview_headline_links_each_value_to_its_sentence():
    links = [(label, query) for label, page, query in page_links(open_page(None, "en", present="1"))
             if page == "sources" and "source" in query]   # not the page menu's link to Sources
    jiaxing = [query for _, query in links if query["source"] == ["jiaxing_2022_review_2023_plan"]]
    assert any(query.get("focus", [""])[0].startswith("fig-") for query in jiaxing), "a figure's own sentence"
    assert any("focus" not in query for query in jiaxing), "the report itself"
    # in this tab, keeping the language and presenter mode, with the way back to the overview
    assert all(query["lang"] == ["en"] and query["present"] == ["1"] and query["back"] == ["overview"]
               for _, query in links)
    assert any(label.startswith("**PM2\\.5 annual mean**") for label, _ in links)


def test_overview_in_chinese_uses_catalogue_names():
    shown = texts(open_page(None, "zh"))
    assert "PM2.5年均浓度" in shown and "嘉兴市" in [e.value for e in open_page(None, "zh").subheader]


def test_trends_reads_metric_and_places_from_the_url():
    app = open_page("trends", "en", metric="air_quality_composite_index", places="baoding")
    assert app.selectbox[0].value == "air_quality_composite_index"
    assert app.multiselect[0].value == ["baoding"]


def test_trends_table_shows_the_derived_previous_year_with_its_formula():
    app = open_page("trends", "en", metric="air_quality_composite_index", places="baoding", tab="table")
    table = app.dataframe[0].value
    derived = table[table["Kind"].str.contains("derived")]
    assert len(derived) == 1
    assert derived["Period"].iloc[0] == "2022"
    assert "4.74 / (1 − 1.46%)" in derived["Quote"].iloc[0]


def test_trends_unknown_metric_falls_back_with_a_notice():
    app = open_page("trends", "en", metric="no_such_metric'; DROP TABLE facts;--")
    assert app.selectbox[0].value == "pm25_annual_mean"
    assert any("metric" in element.value for element in app.info)


def test_trends_without_places_says_what_is_missing():
    app = open_page("trends", "en", places="baoding", metric="pm25_annual_mean")
    assert any("None of the chosen places reports" in element.value for element in app.info)


def test_trends_headline_says_jiaxing_has_no_2023_figure_and_where_2022_stands():
    shown = texts(open_page("trends", "en", metric="pm25_annual_mean", places="jiaxing"))
    assert ("Jiaxing's PM2.5 annual mean: no 2023 figure yet; the 2022 value, 26 µg/m³, is already at the 2023 "
            "target level (≤ 26 µg/m³).") in shown
    assert "meets" not in shown


def test_targets_status_is_computed_and_summarised_per_place(built_database):
    app = open_page("targets", "en")
    summary = app.dataframe[0].value
    with duckdb.connect(str(built_database), read_only=True) as connection:
        expected = dict(connection.execute(
            "SELECT p.name_en, count(*) FROM attainment a JOIN places p USING (place_id) GROUP BY ALL").fetchall())
    counted = {row["Place"]: row["Met"] + row["Missed"] + row["Open"] for _, row in summary.iterrows()}
    assert counted == expected


def test_targets_filter_by_status_leaves_only_that_status():
    app = open_page("targets", "en", status="no_actual")
    table = app.dataframe[1].value
    assert len(table) > 0
    assert table["Status"].str.startswith("No actual reported yet").all()


def test_targets_table_says_when_an_earlier_value_is_already_at_the_target_level():
    app = open_page("targets", "en", places="jiaxing")
    statuses = app.dataframe[1].value["Status"].str.replace("\u00a0", " ")
    assert statuses.str.contains("the 2022 value, 26 µg/m³, is already at this target level").any()
    assert not statuses.str.contains("met by").any()


def test_targets_with_no_match_says_why():
    app = open_page("targets", "en", places="baoding", theme="waste")
    assert any("No targets match" in element.value for element in app.info)


def test_compare_headline_names_the_best_place_by_direction():
    shown = texts(open_page("compare", "en", metric="pm25_annual_mean"))
    assert "Jiaxing" in shown and "26 µg/m³" in shown


def test_compare_small_multiples_view_draws_one_chart():
    app = open_page("compare", "en", view="all")
    assert len(app.get("plotly_chart")) == 2  # small multiples + policy heatmap


def test_presenter_mode_from_the_url_shows_the_way_back_out():
    app = open_page("trends", "en", present="1")
    assert any(button.label == "Leave presenter mode" for button in app.button)
    assert app.session_state["present"] is True


@pytest.mark.parametrize("page", ["trends", "targets"])
def test_presenter_mode_shows_tables_as_static_tables_and_a_picker_opens_a_rows_sentence(page):
    # Trends shows its table in the table tab
    tab = {"tab": "table"} if page == "trends" else {}
    normal, presenting = open_page(page, "en", **tab), open_page(page, "en", present="1", **tab)
    assert normal.dataframe and not normal.table
    assert len(presenting.table) == len(normal.dataframe) and not presenting.dataframe
    shown = presenting.table[-1].value
    grid = normal.dataframe[-1].value
    assert len(shown) == len(grid)
    # no address in a cell: a Markdown link would open a new tab without presenter mode
    assert "Show the sentence" not in shown.columns and "Show the sentence" not in grid.columns
    picker = presenting.selectbox(key=f"{page}.table.sentence_row")
    assert picker.value is None and len(picker.options) == len(shown)
    picker.select_index(0).run()
    links = [query for label, target, query in page_links(presenting)
             if target == "sources" and label.startswith("Show the sentence")]
    assert len(links) == 1
    assert links[0]["focus"][0] and links[0]["present"] == ["1"] and links[0]["back"] == [page]


def test_leaving_presenter_mode_with_the_button():
    app = open_page("trends", "en", present="1")
    next(button for button in app.button if button.label == "Leave presenter mode").click().run()
    assert app.session_state["present"] is False
    assert not any(button.label == "Leave presenter mode" for button in app.button)


def test_browser_language_decides_when_the_url_does_not():
    from apptest_helpers import APP
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(APP, default_timeout=60)
    app.context["locale"] = "zh-CN"
    app.run()
    assert app.title[0].value == "基于官方报告的城市生态环境绩效"
