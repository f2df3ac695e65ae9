"""User-facing statements of the build's thresholds, each built from the contract's numbers
(`contract.marts`, `contract.vocab`) when asked, so that a changed threshold changes the text.

May import: `contract` and the standard library.
"""

from __future__ import annotations

from contract import vocab
from contract.marts import mart


def pay_band_rule() -> str:
    """When a pay-band cell is shown (out_pay_bands thresholds)."""
    bands = mart("out_pay_bands")
    return (
        f"a cell is shown only with at least {bands.threshold_int('min_postings')} postings "
        f"from {bands.threshold_int('min_companies')} companies"
    )


def confidence_rule() -> str:
    """How a pay band's confidence word is given (out_pay_bands thresholds)."""
    bands = mart("out_pay_bands")
    return (
        f"High: at least {bands.threshold_int('confidence_high_postings')} postings from "
        f"{bands.threshold_int('confidence_high_companies')} companies; medium: "
        f"{bands.threshold_int('confidence_medium_postings')} from "
        f"{bands.threshold_int('confidence_medium_companies')}; one step lower when under "
        f"{100 * bands.threshold('min_recent_share'):.0f}% of the postings are from the last "
        f"{bands.threshold_int('recent_months')} months."
    )


def premium_rule() -> str:
    """When a pay premium is estimated (out_skill_premiums thresholds)."""
    premiums = mart("out_skill_premiums")
    with_n, without_n = premiums.threshold_int("min_with"), premiums.threshold_int("min_without")
    postings = (
        f"{with_n} postings with and without the skill"
        if with_n == without_n
        else f"{with_n} postings with the skill and {without_n} without"
    )
    return (
        f"A premium is estimated only with at least {postings} and at least "
        f"{premiums.threshold_int('min_companies')} companies."
    )


def within_company_rule() -> str:
    """When the within-company premium is shown."""
    companies = mart("out_skill_premiums").threshold_int("min_companies")
    return f"shown where at least {companies} companies post both with and without the skill"


def emerging_min_recent_postings() -> int:
    """Postings naming a skill in the recent window below which it is not rated."""
    return mart("out_emerging_skills").threshold_int("min_recent_postings")


def emerging_recent_window() -> str:
    """The recent window of out_emerging_skills, e.g. "last 3 months"."""
    return f"last {mart('out_emerging_skills').threshold_int('recent_months')} months"


def emerging_rule() -> str:
    """How out_emerging_skills calls a skill rising or declining."""
    return (
        f"{emerging_recent_window()} vs the same months a year earlier. A skill is rising "
        "(declining) when its recent 95% interval lies wholly above (below) its year-ago share"
    )


def advisor_min_given_postings() -> int:
    """Postings naming a skill in a role and place below which the advisor does not start
    from it."""
    return mart("out_skill_advisor").threshold_int("min_given_postings")


def advisor_window() -> str:
    """The advisor's window, e.g. "last 12 months"."""
    return f"last {mart('out_skill_advisor').threshold_int('window_months')} months"


def common_share_text() -> str:
    """The share at which a skill counts as common in a role (TF-IDF), e.g. "5%"."""
    return f"{100 * mart('out_skill_advisor').threshold('min_common_share'):g}%"


def supply_window_days() -> int:
    """Days in a demand/supply window."""
    return mart("out_demand_supply").threshold_int("window_days")


def inverse_bands_text() -> str:
    """Lightcast's bands for candidates per opening as the contract states them, e.g.
    "≤ 0.59 too many jobs, 0.60–0.90 more jobs than workers, …, ≥ 1.50 too many workers"."""
    parts: list[str] = []
    lower: float | None = None
    for upper, label in vocab.INVERSE_BANDS:
        if lower is None:
            parts.append(f"≤ {upper:.2f} {label}")
        elif upper == float("inf"):
            parts.append(f"≥ {lower + 0.01:.2f} {label}")
        else:
            parts.append(f"{lower + 0.01:.2f}–{upper:.2f} {label}")
        lower = upper
    return ", ".join(parts)
