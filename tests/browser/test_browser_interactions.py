"""What a person does in the browser: share a selection by link, switch language, present, download."""
from __future__ import annotations

import pandas as pd
import pytest
from browser_support import (
    CJK,
    DOWNLOAD_BUTTON,
    MAIN,
    PAGES,
    PRESENTER_VIEWPORT,
    SELECTION_WIDGETS,
    SIDEBAR,
    change_selection,
    query_of,
    read_selections,
    title_text,
    wait_for_title,
    wait_for_url_change,
    wait_until_idle,
)

from envdash.core.i18n import t

pytestmark = pytest.mark.browser

LANGUAGE_LABELS = {"zh": "中文", "en": "English"}


def _first_of_each_kind(page) -> list:
    """The first selectbox and the first multiselect of the main area, where the page has them."""
    kinds = ("stSelectbox", "stMultiSelect")
    widgets = [page.locator(f'{MAIN} [data-testid="{kind}"]').first for kind in kinds]
    return [widget for widget in widgets if widget.count()]


# Every page with selections (the overview has none until its places no longer fit on one screen).
@pytest.mark.parametrize("name", [name for name in PAGES if name != "overview"])
def test_changed_selection_is_written_to_the_url_and_a_new_tab_reopens_it(browse, name):
    page = browse.open(PAGES[name], "lang=en", charts=False)
    page.locator(SELECTION_WIDGETS).first.wait_for(state="visible")
    widgets = _first_of_each_kind(page)
    opened_query = query_of(page.url)
    for widget in widgets:
        before = page.url
        change_selection(page, widget)
        wait_for_url_change(page, before)
        wait_until_idle(page)
    shared_url, selections = page.url, read_selections(page)
    assert query_of(shared_url) != opened_query

    reopened = browse.open_url(shared_url, charts=False)

    for _ in range(20):  # the widgets may be drawn a moment after the run ends
        if read_selections(reopened) == selections:
            break
        reopened.wait_for_timeout(250)
    assert read_selections(reopened) == selections
    assert query_of(reopened.url) == query_of(shared_url), "the app rewrote the shared link"
    browse.assert_clean()


def _choose_language(page, current: str, wanted: str) -> None:
    control = page.locator(SIDEBAR).get_by_role("radiogroup", name=t(current, "language"))
    before = page.url
    control.get_by_role("radio", name=LANGUAGE_LABELS[wanted]).click()
    wait_for_url_change(page, before)
    wait_until_idle(page)


@pytest.mark.parametrize("name", list(PAGES))
def test_language_control_switches_the_title_and_the_url(browse, name):
    page = browse.open(PAGES[name], "lang=en", charts=False)
    english_title = title_text(page)
    assert not CJK.search(english_title), f"English title has Chinese in it: {english_title!r}"

    _choose_language(page, "en", "zh")
    wait_for_title(page, chinese=True)
    assert query_of(page.url)["lang"] == ["zh"]
    page.locator(SIDEBAR).get_by_role("link", name=t("zh", "nav_data")).wait_for(state="visible")

    _choose_language(page, "zh", "en")
    assert wait_for_title(page, chinese=False) == english_title
    assert query_of(page.url)["lang"] == ["en"]
    browse.assert_clean()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presenter_mode_is_entered_from_the_sidebar_and_left_with_the_page_button(browse, lang):
    page = browse.open(PAGES["overview"], f"lang={lang}", viewport=PRESENTER_VIEWPORT, charts=False)
    sidebar = page.locator(SIDEBAR)
    before = page.url
    sidebar.get_by_text(t(lang, "presenter_mode"), exact=True).click()
    wait_for_url_change(page, before)
    wait_until_idle(page)
    assert query_of(page.url).get("present") == ["1"]
    sidebar.wait_for(state="hidden", timeout=10_000)
    browse.assert_clean()

    before = page.url
    page.locator(f"{MAIN} button").filter(has_text=t(lang, "exit_presenter")).click()
    wait_for_url_change(page, before)
    wait_until_idle(page)
    assert query_of(page.url).get("present", ["0"]) == ["0"]
    assert query_of(page.url)["lang"] == [lang]
    sidebar.wait_for(state="visible", timeout=10_000)
    browse.assert_clean()


# Pages with tables, in a view that shows them; each visible table's two buttons are pressed.
TABLE_PAGES = ["trends", "targets", "sources", "data", "compare"]
TABLE_VIEWS = {"trends": "&tab=table", "compare": "&tab=table"}   # their tables are in the table tab


def _download(page, button, folder):
    with page.expect_download() as download_info:
        button.click()
    download = download_info.value
    path = folder / download.suggested_filename
    download.save_as(path)
    return path


@pytest.mark.parametrize("name", TABLE_PAGES)
def test_every_visible_table_downloads_as_csv_and_excel_with_the_same_rows(browse, name, tmp_path):
    page = browse.open(PAGES[name], "lang=en" + TABLE_VIEWS.get(name, ""))
    csv_buttons = page.locator(DOWNLOAD_BUTTON).filter(has_text=t("en", "data_download_csv")).filter(visible=True)
    xlsx_buttons = page.locator(DOWNLOAD_BUTTON).filter(has_text=t("en", "data_download_xlsx")).filter(visible=True)
    assert csv_buttons.count() >= 1 and csv_buttons.count() == xlsx_buttons.count()

    for index in range(csv_buttons.count()):
        csv_path = _download(page, csv_buttons.nth(index), tmp_path)
        xlsx_path = _download(page, xlsx_buttons.nth(index), tmp_path)
        assert (csv_path.suffix, xlsx_path.suffix) == (".csv", ".xlsx")
        from_csv = pd.read_csv(csv_path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        from_xlsx = pd.read_excel(xlsx_path, engine="openpyxl", dtype=str, keep_default_na=False)
        assert len(from_csv) > 0 and len(from_csv.columns) > 1
        assert list(from_csv.columns) == list(from_xlsx.columns)
        assert len(from_csv) == len(from_xlsx)
        assert not [column for column in from_csv.columns if str(column).startswith("Unnamed")], \
            f"the CSV has unnamed columns (a written index?): {list(from_csv.columns)}"
    wait_until_idle(page)
    browse.assert_clean()
