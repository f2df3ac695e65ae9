"""Tests for reading a company's name from its postings when the board API gives only a token
(Ashby, Lever), on small self-written texts."""

from __future__ import annotations

import json

from ingest.sources import ashby, lever
from ingest.sources.company_names import MAX_TEXTS, company_named_in_text


def named(board: str, *texts: str | None) -> str:
    return company_named_in_text(board, texts, fallback=f"<{board}>")


def test_a_joined_token_is_read_as_the_words_the_postings_write() -> None:
    texts = ("At Candid Health, we rebuild billing.", "Candid Health is hiring.", None)
    assert named("candidhealth", *texts) == "Candid Health"
    assert named("Fuel-Cycle", "Fuel Cycle builds research tools.") == "Fuel Cycle"
    assert named("lmarena", "LMArena ranks models. Join LMARENA today.") == "LMArena"
    assert named("iverify", "iVerify protects phones. IVERIFY") == "iVerify"


def test_the_most_frequent_name_shaped_spelling_wins() -> None:
    texts = ("ZeroMark builds drones.", "ZeroMark is remote.", "Zeromark pays well.")
    assert named("zeromark", *texts) == "ZeroMark"


def test_common_words_and_mid_sentence_runs_are_not_names() -> None:
    assert named("column", "Add a column to the table.") == "<column>"
    assert named("ridealso", "Come ride ALSO with us.") == "<ridealso>"
    assert named("notion", "A notional amount.") == "<notion>"  # inside a longer word


def test_capitals_alone_name_only_short_acronym_tokens() -> None:
    assert named("lap", "ABOUT LAP", "LAP is a lab.") == "LAP"
    assert named("lemlist", "ABOUT LEMLIST") == "<lemlist>"


def test_a_domain_or_careers_tail_is_tried_without_it() -> None:
    assert named("cytora.com", "Cytora digitises risk.") == "Cytora"
    assert named("graphitehq", "Graphite helps engineers review code.") == "Graphite"
    assert named("sagelabs.ai", "Sage Labs is an AI lab.") == "Sage Labs"


def test_tokens_too_short_or_texts_missing_keep_the_fallback() -> None:
    assert named("ab", "AB testing at AB.") == "<ab>"
    assert named("candidhealth") == "<candidhealth>"
    assert named("candidhealth", None, "") == "<candidhealth>"


def test_only_the_first_texts_are_read() -> None:
    texts = ["We build things."] * MAX_TEXTS + ["At Candid Health, we build things."]
    assert named("candidhealth", *texts) == "<candidhealth>"
    assert named("candidhealth", *texts[1:]) == "Candid Health"


def test_ashby_rows_carry_the_name_the_board_writes() -> None:
    jobs = [
        {"id": "1", "title": "ML Engineer", "descriptionPlain": "Candid Health is hiring."},
        {"id": "2", "title": "Data Scientist"},  # no text of its own: the board's name still
    ]
    result = ashby.parse(json.dumps({"jobs": jobs}).encode(), "ashby/x.json", "candidhealth")
    assert result.rows["company"].to_list() == ["Candid Health", "Candid Health"]
    bare = [{"id": "3", "title": "ML Engineer", "descriptionPlain": "We are hiring."}]
    result = ashby.parse(json.dumps({"jobs": bare}).encode(), "ashby/x.json", "Acme%20Labs")
    assert result.rows["company"].to_list() == ["Acme Labs"]


def test_lever_rows_without_a_company_field_take_the_name_the_site_writes() -> None:
    postings = [
        {
            "id": "a1",
            "text": "ML Engineer",
            "createdAt": 1761868800000,
            "descriptionPlain": "Scale AI labels data.",
        },
        {"id": "a2", "text": "Data Scientist", "createdAt": 1761868800000, "company": "Other Co"},
    ]
    result = lever.parse(json.dumps(postings).encode(), "lever/x.json", "scale-ai")
    assert result.rows["company"].to_list() == ["Scale AI", "Other Co"]
    postings[0]["descriptionPlain"] = "We label data."
    result = lever.parse(json.dumps(postings).encode(), "lever/x.json", "scale-ai")
    assert result.rows["company"].to_list() == ["Scale Ai", "Other Co"]
