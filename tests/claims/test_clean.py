"""clean(): capture debris blanked, every offset kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.clean import clean, is_blank

RAW = """Russia, U.S. Cannot Support a UN Call for Libya Truce, Diplomats Say

By [Reuters](#)

April 19, 2019

Shelling on the southern district of Abu Salim in Tripoli **EPA / TASS**

The United States and Russia both said on Thursday they could not support a resolution.

Related article: [Russia Makes Move on Libya Peace as Clashes Rage Near Tripoli](#)

Original url:
<p>Police arrested <b>four men</b> &amp; two women.</p><script>alert("x")</script>
Please enter your comment!
"""


def test_length_is_kept_so_offsets_point_into_the_raw_text() -> None:
    assert len(clean(RAW)) == len(RAW)


def test_markdown_link_keeps_its_label_at_the_same_offset() -> None:
    raw = "Reporting by [Reuters](#) from Tripoli."
    cleaned = clean(raw)
    assert cleaned.index("Reuters") == raw.index("Reuters")
    assert cleaned.split() == ["Reporting", "by", "Reuters", "from", "Tripoli."]


@pytest.mark.parametrize(
    "debris",
    [
        "Related article: [Russia Makes Move on Libya Peace as Clashes Rage Near Tripoli](#)",
        "Original url:",
        "By [Reuters](#)",
        "April 19, 2019",
        "**EPA / TASS**",
        '<script>alert("x")</script>',
        "Please enter your comment!",
    ],
)
def test_debris_is_blanked(debris: str) -> None:
    cleaned = clean(RAW)
    start = RAW.index(debris)
    assert cleaned[start : start + len(debris)].strip() == ""


def test_html_tags_and_entities_are_blanked_but_words_stay() -> None:
    cleaned = clean("<p>Police arrested <b>four men</b> &amp; two women.</p>")
    assert cleaned.split() == ["Police", "arrested", "four", "men", "two", "women."]


def test_article_sentences_survive_untouched() -> None:
    sentence = (
        "The United States and Russia both said on Thursday they could not support a resolution."
    )
    assert sentence in clean(RAW)


def test_only_boilerplate_is_blank() -> None:
    assert is_blank(clean("By [Reuters](#)\n\nApril 19, 2019\n\nOriginal url:\n"))
    assert not is_blank(clean(RAW))


def test_seed_articles_keep_length(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        cleaned = clean(raw)
        assert len(cleaned) == len(raw)
        assert "Related article:" not in cleaned
        assert "](#)" not in cleaned


def test_wire_dateline_is_blanked_and_the_sentence_kept() -> None:
    raw = "PORT ALDER — Seven people were killed when the Merrow Bridge collapsed, police said."
    cleaned = clean(raw)
    assert cleaned.strip().startswith("Seven people were killed")
    assert (
        clean("DUNMORE (Reuters) - Four miners were killed.").strip() == "Four miners were killed."
    )


@pytest.mark.parametrize(
    "line",
    [
        "Published: Dec. 19,2005 at 9:44 PM",
        "Posted on Tuesday, Dec. 20 2005 12:00 a.m.",
        "Last updated: 11 April 2019 08:12 BST",
    ],
)
def test_labelled_datelines_are_page_furniture(line: str) -> None:
    text = f"{line}\nTwelve people were killed when the Merrow Bridge collapsed."
    assert clean(text).split()[0] == "Twelve"


def test_a_sentence_about_publishing_stays() -> None:
    text = "Published in 2005, the report found the Merrow Bridge unsafe and was never acted on."
    assert clean(text) == text
