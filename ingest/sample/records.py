"""One posting as each real source publishes it: an Ashby job-board job, a Greenhouse
`jobs?content=true` job (and its pay-transparency detail), a Lever posting, a schema.org
JobPosting (JSON-LD), or a Hacker News "Who is hiring?" comment (Algolia items format).

Field names and shapes follow the real APIs (docs: ../shared/guide/data-sources.md; Ashby was
checked against real captures). Planted malformations are applied here: a missing title, an
unparseable date, a broken pay object.

May import: the standard library and `ingest.sample` modules.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from random import Random

from ingest.sample.pay import ashby_tier_summary
from ingest.sample.text import (
    Block,
    ashby_html,
    hn_body,
    hn_escape,
    list_items_html,
    plain_text,
    simple_html,
)

ASHBY_INTERVAL = {"year": "1 YEAR", "month": "1 MONTH", "hour": "1 HOUR", "day": "1 DAY"}
LEVER_INTERVAL = {
    "year": "per-year-salary",
    "month": "per-month-salary",
    "hour": "per-hour-wage",
    "day": "per-day-wage",
}
SCHEMA_UNIT = {"year": "YEAR", "month": "MONTH", "hour": "HOUR", "day": "DAY"}
ASHBY_EMPLOYMENT = {"FullTime": "FullTime", "Intern": "Intern", "Contract": "Contract"}
LEVER_COMMITMENT = {"FullTime": "Full-time", "Intern": "Intern", "Contract": "Contract"}
SCHEMA_EMPLOYMENT = {"FullTime": "FULL_TIME", "Intern": "INTERN", "Contract": "CONTRACTOR"}
GREENHOUSE_PAY_TITLE = {
    "year": "Base Salary Range",
    "month": "Monthly Salary",
    "hour": "Hourly Pay Range",
    "day": "Day Rate",
}
BAD_DATES = ("2024-02-30T25:61:00.000+00:00", "N/A", "31/02/2025", "yesterday", "0000-00-00")


@dataclass(frozen=True)
class PayView:
    low: float
    high: float
    currency: str
    period: str
    structured: bool
    equity: bool


@dataclass(frozen=True)
class PostingView:
    rec_no: int
    source: str
    board: str
    source_posting_id: str
    company: str
    domain: str
    title: str
    location_text: str
    address: dict[str, str]
    country: str
    is_remote: bool
    hybrid: bool
    posted_at: datetime
    close_date: date
    employment: str
    team: str
    department: str
    blocks: list[Block]
    pay: PayView | None  # pay shown (structured and/or written), None when not shown
    pay_text: str | None  # pay as a short string (HN first line, Greenhouse pay block)
    malformed: str | None  # missing_title | bad_date | bad_pay | deleted_comment | None
    seed: int


def stable_uuid(*parts: object) -> str:
    digest = hashlib.blake2b(":".join(str(p) for p in parts).encode(), digest_size=16).digest()
    return str(uuid.UUID(bytes=digest, version=4))


def stable_int(*parts: object, digits: int = 6) -> int:
    digest = hashlib.blake2b(":".join(str(p) for p in parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % (10**digits)


def iso_millis_utc(moment: datetime) -> str:
    """2025-09-11T06:21:58.154+00:00 (Ashby)."""
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.")
        + f"{moment.microsecond // 1000:03d}+00:00"
    )


def iso_eastern(moment: datetime) -> str:
    """2024-05-01T10:22:51-04:00 (Greenhouse writes board-local offsets)."""
    offset = timedelta(hours=-4 if 4 <= moment.month <= 10 else -5)
    local = moment.astimezone(UTC) + offset
    sign_hours = int(offset.total_seconds() // 3600)
    return local.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign_hours:+03d}:00"


def crawl_moment(moment: datetime) -> datetime:
    """23:00 UTC on the last day of the moment's month: when that month's crawl ran."""
    last = calendar.monthrange(moment.year, moment.month)[1]
    return datetime(moment.year, moment.month, last, 23, 0, tzinfo=UTC)


def json_number(value: float) -> int | float:
    """Whole amounts as JSON integers (155000), others as decimals (58.5)."""
    return int(value) if float(value).is_integer() else float(value)


def bad_date(view: PostingView) -> str:
    return BAD_DATES[view.rec_no % len(BAD_DATES)]


def title_of(view: PostingView) -> str:
    return "" if view.malformed == "missing_title" else view.title


# ---------------------------------------------------------------- Ashby


# Pay beside base pay on Ashby boards (summaryComponents beside "Salary"), of the postings
# with structured pay; on the real captures 64% list equity (7% of them with a percent), 12% a
# bonus and 4% a commission, mostly without amounts. Bonuses and their amounts are planted
# more often than that (20%, 90% of them with amounts) so the biggest pay bands of the default
# sample have enough amounts for a median (20 postings from 5 companies).
BONUS_SHARE = 0.20
BONUS_AMOUNT_SHARE = 0.9  # of bonuses: the amount is given
BONUS_OF_BASE = (0.08, 0.20)  # bonus ends as a fraction of the base ends
COMMISSION_SHARE = 0.04
COMMISSION_AMOUNT_SHARE = 0.4
COMMISSION_OF_BASE = (0.30, 0.60)
EQUITY_PERCENT_SHARE = 0.12  # of equity offers: the percent range is given
EQUITY_PERCENTS = (0.01, 0.02, 0.05, 0.1, 0.25)  # lower ends, percent of the company
EXTRAS_SALT = 0x2C0FFEE  # decorrelates these draws from the description's of the same seed


def ashby_extra_components(view: PostingView) -> list[tuple[dict, str]]:
    """The summary components a job lists beside its salary, each with its summary text
    ("Offers Equity", "0.05% – 0.25%", "$20K – $30K Bonus"), drawn from the posting's seed (the
    same in every crawl). Cash amounts only for yearly pay, as a share of the base ends."""
    pay = view.pay
    assert pay is not None
    pick = Random(view.seed ^ EXTRAS_SALT)
    draws = [pick.random() for _ in range(8)]
    yearly = pay.period == "year"
    found: list[tuple[dict, str]] = []
    if pay.equity:
        low = EQUITY_PERCENTS[int(draws[0] * len(EQUITY_PERCENTS))]
        given = draws[1] < EQUITY_PERCENT_SHARE
        high = round(low * (2 + int(draws[2] * 4)), 3)
        text = f"{low:g}% – {high:g}%" if given else "Offers Equity"
        found.append((_ashby_component("EquityPercentage", "NONE", None, low, high, given), text))
    for kind, share, amount_share, (lo, hi), (d_kind, d_amount, d_fraction) in (
        ("Bonus", BONUS_SHARE, BONUS_AMOUNT_SHARE, BONUS_OF_BASE, (3, 4, 5)),
        ("Commission", COMMISSION_SHARE, COMMISSION_AMOUNT_SHARE, COMMISSION_OF_BASE, (6, 7, 5)),
    ):
        if draws[d_kind] >= share:
            continue
        given = yearly and draws[d_amount] < amount_share
        fraction = lo + (hi - lo) * draws[d_fraction]
        low = round(pay.low * fraction, -3)
        high = max(low, round(pay.high * min(hi, fraction * 1.5), -3))
        text = (
            f"{ashby_tier_summary(low, high, pay.currency, 'year', '')} {kind}"
            if given
            else f"Offers {kind}"
        )
        found.append((_ashby_component(kind, "1 YEAR", pay.currency, low, high, given), text))
    return found


def _ashby_component(
    kind: str, interval: str, currency: str | None, low: float, high: float, given: bool
) -> dict:
    return {
        "compensationType": kind,
        "interval": interval,
        "currencyCode": currency,
        "minValue": json_number(low) if given else None,
        "maxValue": json_number(high) if given else None,
    }


def ashby_compensation(view: PostingView) -> dict:
    empty = {
        "compensationTierSummary": None,
        "scrapeableCompensationSalarySummary": None,
        "compensationTiers": [],
        "summaryComponents": [],
    }
    pay = view.pay
    if pay is None or not pay.structured:
        return empty
    extras_found = ashby_extra_components(view)
    extras = "".join(f" • {text}" for _, text in extras_found)
    summary = ashby_tier_summary(pay.low, pay.high, pay.currency, pay.period, extras)
    salary = {
        "compensationType": "Salary",
        "interval": ASHBY_INTERVAL[pay.period],
        "currencyCode": pay.currency,
        "minValue": json_number(pay.low),
        "maxValue": json_number(pay.high),
    }
    if view.malformed == "bad_pay":
        written = f"{pay.low / 1000:g}K" if pay.period == "year" else f"{pay.low:g}"
        salary = {**salary, "minValue": written, "maxValue": None}
        summary = summary.split(" – ")[0] + " – TBD"
    # Ashby lists equity before the salary, bonus and commission after it
    equity = [(c, text) for c, text in extras_found if c["compensationType"] == "EquityPercentage"]
    cash = [(c, text) for c, text in extras_found if c["compensationType"] != "EquityPercentage"]
    listed = [*equity, (salary, summary.split(" • ")[0]), *cash]
    components = [c for c, _ in listed]
    scrapeable = summary.split(" • ")[0].replace(" – ", " - ") if pay.period == "year" else None
    tier_components = [
        {"id": stable_uuid(view.seed, "component", i), "summary": text, **c}
        for i, (c, text) in enumerate(listed)
    ]
    return {
        "compensationTierSummary": summary,
        "scrapeableCompensationSalarySummary": scrapeable,
        "compensationTiers": [
            {
                "id": stable_uuid(view.seed, "tier"),
                "tierSummary": summary,
                "title": None,
                "additionalInformation": None,
                "components": tier_components,
            }
        ],
        "summaryComponents": components,
    }


def ashby_job(view: PostingView) -> dict:
    job_url = f"https://jobs.ashbyhq.com/{view.board}/{view.source_posting_id}"
    address = (
        None if view.rec_no % 23 == 0 and not view.is_remote else {"postalAddress": view.address}
    )
    comp = ashby_compensation(view)
    return {
        "id": view.source_posting_id,
        "title": title_of(view),
        "department": view.department,
        "team": view.team,
        "employmentType": ASHBY_EMPLOYMENT[view.employment],
        "location": view.location_text,
        "shouldDisplayCompensationOnJobPostings": bool(comp["summaryComponents"]),
        "secondaryLocations": [],
        "publishedAt": bad_date(view)
        if view.malformed == "bad_date"
        else iso_millis_utc(view.posted_at),
        "isListed": True,
        "isRemote": view.is_remote,
        "address": address,
        "jobUrl": job_url,
        "applyUrl": f"{job_url}/application",
        "descriptionHtml": ashby_html(view.blocks),
        "descriptionPlain": plain_text(view.blocks),
        "compensation": comp,
    }


# ---------------------------------------------------------------- Greenhouse


def greenhouse_pay_block(view: PostingView) -> str:
    pay = view.pay
    assert pay is not None

    def amount(v: float) -> str:
        return f"{v:,.2f}" if pay.period == "hour" else f"{v:,.0f}"

    symbol = {
        "USD": "$",
        "GBP": "£",
        "EUR": "€",
        "CAD": "$",
        "INR": "₹",
        "AUD": "$",
        "SGD": "$",
    }.get(pay.currency, "")
    return (
        '<div class="content-pay-transparency"><div class="pay-input">'
        f'<div class="title">{GREENHOUSE_PAY_TITLE[pay.period]}</div>'
        f'<div class="pay-range"><span>{symbol}{amount(pay.low)}</span>'
        '<span class="divider">&mdash;</span>'
        f"<span>{symbol}{amount(pay.high)} {pay.currency}</span></div></div></div>"
    )


def greenhouse_content(view: PostingView) -> str:
    blocks = view.blocks
    split = next((i for i, (kind, _) in enumerate(blocks) if i > 1 and kind == "h"), len(blocks))
    closing = [b for b in blocks[split:] if b[0] == "p"][-2:]
    middle = [b for b in blocks[split:] if b not in closing]
    body = f'<div class="content-intro">{simple_html(blocks[:split])}</div>{simple_html(middle)}'
    if view.pay is not None and view.pay.structured:
        body += greenhouse_pay_block(view)
    body += f'<div class="content-conclusion">{simple_html(closing)}</div>'
    return html.escape(body, quote=True)


def greenhouse_job(view: PostingView) -> dict:
    job_id = int(view.source_posting_id)
    published = bad_date(view) if view.malformed == "bad_date" else iso_eastern(view.posted_at)
    updated = iso_eastern(
        min(
            view.posted_at + timedelta(days=1 + view.rec_no % 5, hours=3),
            crawl_moment(view.posted_at),
        )
    )
    metadata = None
    if view.rec_no % 3 == 0:
        metadata = [
            {
                "id": 4_000_000 + stable_int(view.board, "meta"),
                "name": "Employment Type",
                "value": LEVER_COMMITMENT[view.employment],
                "value_type": "single_select",
            }
        ]
    return {
        "absolute_url": f"https://job-boards.greenhouse.io/{view.board}/jobs/{job_id}",
        "data_compliance": [
            {
                "type": "gdpr",
                "requires_consent": False,
                "requires_processing_consent": False,
                "requires_retention_consent": False,
                "retention_period": None,
                "demographic_data_consent_applies": False,
            }
        ],
        "internal_job_id": 2_000_000 + job_id % 3_000_000,
        "location": {"name": view.location_text},
        "metadata": metadata,
        "id": job_id,
        "updated_at": updated,
        "requisition_id": f"R{stable_int(view.seed, 'req', digits=5):05d}",
        "title": None if view.malformed == "missing_title" else view.title,
        "company_name": view.company,
        "first_published": published,
        "language": "en",
        "content": greenhouse_content(view),
        "departments": [
            {
                "id": 40_000 + stable_int(view.board, view.department, digits=4),
                "name": view.department,
                "child_ids": [],
                "parent_id": None,
            }
        ],
        "offices": [
            {
                "id": 50_000 + stable_int(view.board, view.location_text, digits=4),
                "name": view.location_text.split(",")[0],
                "location": view.location_text,
                "child_ids": [],
                "parent_id": None,
            }
        ],
    }


def greenhouse_detail(view: PostingView) -> dict:
    """`jobs/{id}?pay_transparency=true`: the job plus its pay_input_ranges."""
    pay = view.pay
    if pay is None or not pay.structured:
        raise ValueError(f"record {view.rec_no}: a pay detail needs structured pay")
    entry = {
        "min_cents": round(pay.low * 100),
        "max_cents": round(pay.high * 100),
        "currency_type": pay.currency,
        "title": GREENHOUSE_PAY_TITLE[pay.period],
        "blurb": "<p>Final pay depends on location, skills and experience.</p>",
    }
    if view.malformed == "bad_pay":
        entry = {**entry, "min_cents": None, "max_cents": "TBD"}
    return {**greenhouse_job(view), "pay_input_ranges": [entry]}


# ---------------------------------------------------------------- Lever


def lever_sections(blocks: list[Block]) -> tuple[list[Block], list[dict], list[Block]]:
    """Split blocks into description (before the first list), lists, and additional."""
    intro: list[Block] = []
    lists: list[dict] = []
    additional: list[Block] = []
    i = 0
    while i < len(blocks):
        kind, value = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if kind == "h" and nxt is not None and nxt[0] == "ul":
            lists.append({"text": str(value), "content": list_items_html(list(nxt[1]))})  # type: ignore[arg-type]
            i += 2
            continue
        (additional if lists else intro).append(blocks[i])
        i += 1
    return intro, lists, additional


def lever_posting(view: PostingView) -> dict:
    intro, lists, additional = lever_sections(view.blocks)
    created = int(view.posted_at.timestamp() * 1000)
    posting = {
        "additional": f"<div>{simple_html(additional, 'b')}</div>",
        "additionalPlain": plain_text(additional),
        "categories": {
            "commitment": LEVER_COMMITMENT[view.employment],
            "department": view.department,
            "location": view.location_text,
            "team": view.team,
            "allLocations": [view.location_text],
        },
        "createdAt": "yesterday" if view.malformed == "bad_date" else created,
        "descriptionPlain": plain_text(intro),
        "description": f"<div>{simple_html(intro, 'b')}</div>",
        "id": view.source_posting_id,
        "lists": lists,
        "text": "" if view.malformed == "missing_title" else view.title,
        "country": view.country,
        "workplaceType": "remote" if view.is_remote else ("hybrid" if view.hybrid else "onsite"),
        "opening": "",
        "openingPlain": "",
        "descriptionBody": f"<div>{simple_html(intro, 'b')}</div>",
        "descriptionBodyPlain": plain_text(intro),
        "hostedUrl": f"https://jobs.lever.co/{view.board}/{view.source_posting_id}",
        "applyUrl": f"https://jobs.lever.co/{view.board}/{view.source_posting_id}/apply",
    }
    pay = view.pay
    if pay is not None and pay.structured:
        posting["salaryRange"] = {
            "currency": pay.currency,
            "interval": LEVER_INTERVAL[pay.period],
            "min": json_number(pay.low),
            "max": json_number(pay.high),
        }
        if view.malformed == "bad_pay":
            posting["salaryRange"] = {
                "currency": None,
                "interval": "per-year-salary",
                "min": "competitive",
                "max": None,
            }
    return posting


# ---------------------------------------------------------------- JSON-LD


def jsonld_posting(view: PostingView) -> dict:
    posting: dict = {"@context": "https://schema.org/", "@type": "JobPosting"}
    if view.malformed != "missing_title":
        posting["title"] = view.title
    posting["description"] = simple_html(view.blocks, "h2")
    posting["identifier"] = {
        "@type": "PropertyValue",
        "name": view.company,
        "value": view.source_posting_id,
    }
    posting["datePosted"] = (
        bad_date(view) if view.malformed == "bad_date" else view.posted_at.date().isoformat()
    )
    posting["validThrough"] = f"{view.close_date.isoformat()}T23:59:59Z"
    employment = SCHEMA_EMPLOYMENT[view.employment]
    posting["employmentType"] = [employment] if view.rec_no % 2 else employment
    posting["hiringOrganization"] = {
        "@type": "Organization",
        "name": view.company,
        "sameAs": f"https://{view.domain}",
    }
    if view.is_remote:
        posting["jobLocationType"] = "TELECOMMUTE"
        posting["applicantLocationRequirements"] = {
            "@type": "Country",
            "name": view.address["addressCountry"],
        }
    else:
        place = {"@type": "Place", "address": {"@type": "PostalAddress", **view.address}}
        posting["jobLocation"] = [place] if view.rec_no % 3 == 0 else place
    posting["url"] = f"https://{view.domain}/careers/{view.source_posting_id.lower()}"
    pay = view.pay
    if pay is not None and pay.structured:
        value: dict = {"@type": "QuantitativeValue", "unitText": SCHEMA_UNIT[pay.period]}
        if pay.low == pay.high:
            value["value"] = json_number(pay.low)
        else:
            value["minValue"], value["maxValue"] = json_number(pay.low), json_number(pay.high)
        posting["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": pay.currency,
            "value": value,
        }
        if view.malformed == "bad_pay":
            posting["baseSalary"] = {
                "@type": "MonetaryAmount",
                "currency": pay.currency,
                "value": "competitive",
            }
    return posting


# ---------------------------------------------------------------- Hacker News


def hn_link(domain: str) -> str:
    url = hn_escape(f"https://{domain}/careers")
    return f'<a href="{url}" rel="nofollow">{url}</a>'


def hn_first_line(view: PostingView, style: int) -> str:
    company, title, loc = (
        hn_escape(view.company),
        hn_escape(view.title),
        hn_escape(view.location_text),
    )
    mode = "REMOTE" if view.is_remote else ("Hybrid" if view.hybrid else "ONSITE")
    if view.is_remote and view.country == "US" and style % 2:
        mode = "REMOTE (US)"
    pay = hn_escape(view.pay_text) if view.pay_text else None
    kind = {"FullTime": "Full-time", "Intern": "Intern", "Contract": "Contract"}[view.employment]
    link = hn_link(view.domain)
    if style == 0:
        parts = [company, title, loc, mode, *([pay] if pay else []), link]
        return " | ".join(parts)
    if style == 1:
        head = f"{company} ({link}) | {title} | {loc} | {mode}"
        return head + (f" | {pay}" if pay else "")
    if style == 2:
        return " | ".join([company, loc, title, kind, *([pay] if pay else [])])
    if style == 3:
        return f"{company} - {title} - {loc} ({mode})" + (f" - {pay}" if pay else "")
    article = "an" if view.title[:1] in "AEIOU" else "a"
    return f"{company} is hiring {article} {title} in {loc} ({mode.lower()})." + (
        f" Pay: {pay}." if pay else ""
    )


def hn_comment(view: PostingView, author: str, style: int, replies: list[dict]) -> dict:
    created = view.posted_at.astimezone(UTC)
    base = {
        "id": int(view.source_posting_id),
        "created_at": created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "created_at_i": int(created.timestamp()),
        "type": "comment",
        "author": author,
        "text": None,
        "points": None,
        "parent_id": int(view.board),
        "story_id": int(view.board),
        "children": replies,
        "options": [],
    }
    if view.malformed == "deleted_comment":
        return {**base, "author": None, "children": []}
    base["text"] = hn_first_line(view, style) + "<p>" + hn_body(view.blocks)
    return base


def hn_reply(
    comment_id: int, parent_id: int, thread_id: int, moment: datetime, author: str, text: str
) -> dict:
    return {
        "id": comment_id,
        "created_at": moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "created_at_i": int(moment.timestamp()),
        "type": "comment",
        "author": author,
        "text": hn_escape(text),
        "points": None,
        "parent_id": parent_id,
        "story_id": thread_id,
        "children": [],
        "options": [],
    }
