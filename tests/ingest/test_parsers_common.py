"""Tests for ingest.sources.common: decoding, field validation and structured pay."""

from __future__ import annotations

import gzip
import html
import json
import math
from datetime import UTC, datetime

import pytest

from ingest.sources.common import (
    RecordError,
    html_unescaped,
    json_document,
    json_value,
    prettified_token,
    required_id,
    structured_pay,
    timestamp,
    timestamp_from_epoch_ms,
)


def test_json_error_offset_counts_bytes_not_characters() -> None:
    text = '{"city": "Zürich €", "x": }'
    with pytest.raises(RecordError) as caught:
        json_document(text.encode())
    position = text.index("}")
    assert str(caught.value) == (
        f"invalid JSON: Expecting value at byte {len(text[:position].encode())}"
    )
    assert len(text[:position].encode()) > position  # the test means something


def test_json_document_reads_gzip_and_byte_order_marks() -> None:
    assert json_document(gzip.compress('\ufeff{"a": [1]}'.encode())) == {"a": [1]}


# documents orjson rejects or reads differently (big integers as floats) must read as the stdlib
STDLIB_DOCUMENTS = [
    '{"id": 123456789012345678901234567890, "n": -98765432109876543210}',
    '{"id": 18446744073709551616, "ok": [1, 2.5, "x"]}',
    '{"a": "\\ud83d\\ude00 caf\\u00e9", "b": {"c": null, "d": true}}',
    '[{"a": 1}, {"a": 2}]',
    '{"a": 1, "a": 2}',
    '{"big": 1e400}',
]


@pytest.mark.parametrize("text", STDLIB_DOCUMENTS)
def test_json_document_reads_values_exactly_as_the_stdlib(text: str) -> None:
    expected = json.loads(text)
    got = json_document(gzip.compress(text.encode()))
    assert got == expected
    assert json.dumps(got) == json.dumps(expected)  # ints stay ints, floats floats
    assert json_value(text) == expected


def test_a_20_digit_id_stays_an_integer() -> None:
    assert json_document(b'{"id": 123456789012345678901}')["id"] == 123456789012345678901


def test_nan_and_lone_surrogates_read_as_the_stdlib_reads_them() -> None:
    value = json_document(b'{"pay": NaN, "name": "\\ud800"}')
    assert math.isnan(value["pay"])
    assert value["name"] == "\ud800"


@pytest.mark.parametrize("text", ['{"a": [1, 2}', '{"a": 1,}', "[1] x", "", '{"a" 1}'])
def test_invalid_json_reason_is_the_stdlib_message(text: str) -> None:
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        reason = f"invalid JSON: {error.msg} at byte {error.pos}"  # ASCII: bytes = characters
    with pytest.raises(RecordError) as caught:
        json_document(text.encode())
    assert str(caught.value) == reason
    with pytest.raises(RecordError) as caught:
        json_value(text)
    assert str(caught.value) == reason


def test_invalid_utf8_is_reported_with_its_offset() -> None:
    with pytest.raises(RecordError, match=r"invalid UTF-8: .+ at byte 7"):
        json_document(b'{"a": "\xff"}')


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-15T10:00:00.000Z", datetime(2024, 1, 15, 10, tzinfo=UTC)),
        ("2024-01-15T10:00:00-05:00", datetime(2024, 1, 15, 15, tzinfo=UTC)),
        ("2024-01-15", datetime(2024, 1, 15, tzinfo=UTC)),
        ("", None),
        (None, None),
    ],
)
def test_timestamp_reads_iso_8601_as_utc(value: str | None, expected: datetime | None) -> None:
    assert timestamp(value, "datePosted") == expected


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", 1704067200])
def test_timestamp_rejects_what_it_cannot_read_naming_the_field(value: object) -> None:
    with pytest.raises(RecordError, match=r"^datePosted: unparseable date"):
        timestamp(value, "datePosted")


def test_epoch_milliseconds() -> None:
    assert timestamp_from_epoch_ms(1704067200000, "createdAt") == datetime(2024, 1, 1, tzinfo=UTC)
    with pytest.raises(RecordError, match="createdAt"):
        timestamp_from_epoch_ms(True, "createdAt")


def test_required_id_accepts_strings_and_integers_only() -> None:
    assert required_id(123) == "123"
    assert required_id(" abc ") == "abc"
    with pytest.raises(RecordError, match=r"^missing id$"):
        required_id("  ")
    with pytest.raises(RecordError, match="expected a string or integer, got list"):
        required_id([1])


def test_structured_pay_validates_amounts() -> None:
    assert structured_pay(100, "120,000", "usd", "year") == (
        {"pay_min": 100.0, "pay_max": 120000.0, "pay_currency": "USD", "pay_period": "year"},
        [],
    )
    empty = {"pay_min": None, "pay_max": None, "pay_currency": None, "pay_period": None}
    assert structured_pay(None, None, "USD", "year") == (empty, [])
    assert structured_pay(5, 3, "USD", "year") == (empty, ["pay: min 5 > max 3 (inverted range)"])
    assert structured_pay(-5, 3, "USD", "year") == (empty, ["pay: negative min -5"])
    assert structured_pay("lots", 3, "USD", "year") == (
        empty,
        ["pay: min is not a number ('lots')"],
    )
    assert structured_pay(float("nan"), 3, "USD", "year")[1] == ["pay: min is not a number (nan)"]


def test_prettified_token() -> None:
    assert prettified_token("scale-ai") == "Scale Ai"
    assert prettified_token("Hyperliquid%20Labs") == "Hyperliquid Labs"
    assert prettified_token("OpenAI") == "OpenAI"


@pytest.mark.parametrize(
    "text",
    [
        "&lt;p class=&quot;x&quot;&gt;R&amp;amp;D &amp;nbsp;&#39;ok&#x27;&lt;/p&gt;",
        "&lt;p&gt;caf&eacute; &amp; more&lt;/p&gt;",  # a named entity: html.unescape itself
        "&lt;b&gt;5 &amp;lt; 6 &#8217;&lt;/b&gt;",
        "AT&T &amp AT&amp;T &lt",  # bare ampersands and entities without ";"
        "no entities at all",
    ],
)
def test_html_unescaped_equals_html_unescape(text: str) -> None:
    assert html_unescaped(text) == html.unescape(text)
