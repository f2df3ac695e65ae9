"""Deduplication: cross-posts and reposts collapse, different jobs sharing a blurb do not."""

from __future__ import annotations

from datetime import date

import polars as pl

from analytics.normalize.dedupe import assign_canonical_ids

BLURB = " ".join(f"word{i}" for i in range(120))  # a long company description shared by all


def _records(rows: list[dict]) -> pl.DataFrame:
    base = {
        "company": "Northwind Analytics",
        "country": "US",
        "city": "Seattle",
        "role_family": "data_scientist",
        "seniority": "entry",
        "first_seen": date(2025, 1, 31),
    }
    full = [{**base, **r} for r in rows]
    return pl.DataFrame(full).with_columns(
        (pl.col("source") + ":" + pl.col("id")).alias("record_key")
    )


def test_reworded_cross_post_and_repost_collapse_into_one_posting() -> None:
    records = _records(
        [
            {
                "source": "greenhouse",
                "id": "1",
                "title": "Data Scientist, New Grad",
                "text": BLURB + " role text",
                "posted_date": date(2025, 1, 10),
            },
            {
                "source": "hn",
                "id": "2",
                "title": "Entry Level Data Scientist",
                "company": "Northwind Analytics (https://northwind.example)",
                "city": None,
                "text": "Northwind | Data Scientist | Seattle\n" + BLURB + " role text",
                "posted_date": date(2025, 1, 12),
            },
            {
                "source": "greenhouse",
                "id": "3",
                "title": "Data Scientist, New Grad",
                "text": BLURB + " role text",
                "posted_date": date(2025, 3, 5),
            },  # repost, 54 days on
        ]
    )
    out = assign_canonical_ids(records)
    assert out["posting_id"].n_unique() == 1
    rep = out.filter(pl.col("is_representative"))
    assert rep["source"].to_list() == ["greenhouse"]  # structured source preferred over HN


def test_other_jobs_other_cities_and_late_reposts_stay_apart() -> None:
    records = _records(
        [
            {
                "source": "ashby",
                "id": "1",
                "title": "Data Scientist",
                "text": BLURB,
                "posted_date": date(2025, 1, 10),
            },
            {
                "source": "ashby",
                "id": "2",
                "title": "Customer Success Manager",
                "text": BLURB,
                "role_family": "other",
                "seniority": "mid",
                "posted_date": date(2025, 1, 10),
            },
            {
                "source": "ashby",
                "id": "3",
                "title": "Data Scientist",
                "text": BLURB,
                "city": "Boston",
                "posted_date": date(2025, 1, 10),
            },
            {
                "source": "ashby",
                "id": "4",
                "title": "Data Scientist",
                "text": BLURB,
                "posted_date": date(2025, 6, 1),
            },  # 142 days later: a new opening
            {
                "source": "ashby",
                "id": "5",
                "title": "Senior Data Scientist",
                "text": BLURB,
                "seniority": "senior",
                "posted_date": date(2025, 1, 10),
            },
        ]
    )
    out = assign_canonical_ids(records)
    assert out["posting_id"].n_unique() == 5


def _clusters(records: pl.DataFrame) -> list[list[str]]:
    """The record ids of each posting, sorted: [['1', '2'], ['3']]."""
    out = assign_canonical_ids(records)
    grouped = out.group_by("posting_id").agg(pl.col("id").sort())
    return sorted(grouped["id"].to_list())


# a body in its own words: 60 distinct words, so that containment and Jaccard are measurable
ROLE = " ".join(f"duty{i}" for i in range(60))


def test_bodies_in_other_scripts_are_compared_on_their_own_words() -> None:
    # two different Japanese jobs whose only Latin-letter words are the same tool names: a
    # tokenizer of a-z alone sees {python, aws, docker} twice and merges them
    ads = "広告配信の入札最適化モデルを設計し運用します。Python, AWS, Docker の経験。"
    search = "検索結果のランキング改善と評価基盤の構築を担当します。Python, AWS, Docker の経験。"
    records = _records(
        [
            {"source": "ashby", "id": "1", "title": "機械学習エンジニア", "text": ads},
            {"source": "lever", "id": "2", "title": "機械学習エンジニア", "text": search},
            {"source": "greenhouse", "id": "3", "title": "機械学習エンジニア", "text": ads},
        ]
    ).with_columns(pl.lit(date(2025, 3, 3)).alias("posted_date"), pl.lit("Tokyo").alias("city"))
    assert _clusters(records) == [["1", "3"], ["2"]]


def test_company_spellings_across_scripts_accents_and_legal_forms_are_one_company() -> None:
    from analytics.normalize.dedupe import normalized_company

    names = pl.Series(
        [
            "Société Générale S.A.",
            "SOCIETE GENERALE",
            "株式会社メルカリ",
            "メルカリ株式会社",
            "北京字节跳动科技有限公司",
            "上海商汤智能科技有限公司",
            "Klarna Bank AB",
            "Klarna Bank",
        ]
    )
    keys = pl.select(normalized_company(pl.lit(names))).to_series().to_list()
    assert keys[0] == keys[1]
    assert keys[2] == keys[3] != ""
    assert keys[4] != keys[5]  # two Chinese companies are two companies, not one empty key
    assert keys[6] == keys[7]


def test_abbreviated_title_on_another_board_is_the_same_posting() -> None:
    records = _records(
        [
            {"source": "greenhouse", "id": "1", "title": "Senior Machine Learning Engineer"},
            {"source": "jsonld", "id": "2", "title": "Sr. ML Engineer"},
            {"source": "lever", "id": "3", "title": "Site Reliability Engineer"},
            {"source": "hn", "id": "4", "title": "SRE"},
        ]
    ).with_columns(
        pl.lit(BLURB + " " + ROLE).alias("text"),
        pl.lit(date(2025, 2, 2)).alias("posted_date"),
        pl.when(pl.col("id").is_in(["3", "4"]))
        .then(pl.lit("software_engineer"))
        .otherwise(pl.lit("ml_engineer"))
        .alias("role_family"),
        pl.lit("senior").alias("seniority"),
    )
    assert _clusters(records) == [["1", "2"], ["3", "4"]]


def test_a_copy_cut_short_or_with_a_paragraph_more_is_the_same_posting() -> None:
    whole = BLURB + " " + ROLE
    eeo = " ".join(f"eeo{i}" for i in range(70))  # a board's own long closing paragraph
    records = _records(
        [
            {"source": "greenhouse", "id": "1", "text": whole},
            {"source": "jsonld", "id": "2", "text": " ".join(whole.split()[:90]) + " ..."},
            {"source": "lever", "id": "3", "text": whole + " " + eeo},
            # twelve words of the body: too few to say a copy by containment alone
            {"source": "hn", "id": "4", "text": " ".join(whole.split()[:12])},
        ]
    ).with_columns(
        pl.lit("Data Scientist").alias("title"), pl.lit(date(2025, 2, 2)).alias("posted_date")
    )
    assert _clusters(records) == [["1", "2", "3"], ["4"]]


def test_a_record_of_unknown_city_does_not_join_two_cities_openings() -> None:
    records = _records(
        [
            {"source": "ashby", "id": "1", "city": "New York"},
            {"source": "ashby", "id": "2", "city": "Boston"},
            {"source": "jsonld", "id": "3", "city": None},  # "Remote - US"
            {"source": "lever", "id": "4", "city": "New York"},  # New York's cross-post
        ]
    ).with_columns(
        pl.lit("Analytics Consultant").alias("title"),
        pl.lit(BLURB + " " + ROLE).alias("text"),
        pl.lit(date(2025, 2, 2)).alias("posted_date"),
    )
    assert _clusters(records) == [["1", "4"], ["2"], ["3"]]
