"""Skill advisor page (learners): my skills + a target (role family, level — entry included —
and place) → a short ordered path (what to learn first and what each step unlocks: the target
postings whose whole skill list you would meet, with n), the ranked picks in plain words with
the exact numbers in a details table, and the skills that define the role. A skill the role is
named after (machine learning for an ML engineer) is never advice.

Runs as a Streamlit page script (`st.Page("dashboard/pages/advisor.py")`); `render()` draws it.
Widgets → cached query (`dashboard.data`; the ranking's numbers and the role-defining TF-IDF
come from the build's out_skill_advisor, `warehouse.queries` selects them for the learner's
skills) → figure builder (`dashboard.charts`) → render.

May import: `dashboard` modules, `warehouse.queries`, streamlit, polars.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import streamlit as st

from dashboard import charts, components, data, rules

TOP_N = 10
PATH_STEPS = 5
DEFINING_N = 10
DEFAULT_ROLE = "ml_engineer"
NOT_ESTIMATED = "not estimated"


def render() -> None:
    st.title("Skill advisor")
    st.markdown(
        "Say which skills you have and the job you are aiming at: we suggest what to learn "
        "next, in order, from the postings for that job."
    )
    build_id = data.manifest()["build_id"]
    if not data.view_available(build_id, "out_skill_advisor"):
        st.info("This snapshot has no skill-advisor mart (out_skill_advisor).")
        return
    filters = components.active_filters()
    cells = data.advisor_cells(build_id)
    if cells.is_empty():
        st.info("The skill advisor mart is empty: no role has enough postings yet.")
        return
    advisor_view(build_id, cells, filters)


def advisor_view(build_id: str, cells: pl.DataFrame, filters: components.Filters) -> None:
    """Target, skills, path and picks."""
    role_family, seniority, place_id = target_pickers(build_id, cells, filters)
    components.show_filter_scope(
        ["role", "seniority", "country"],
        f"the advisor looks at the {rules.advisor_window()} of all sources; the target above "
        "starts from the sidebar's role, level and country",
    )
    given = data.advisor_given_skills(build_id, role_family, place_id)
    my_skills = my_skill_picker(build_id, given)
    cell = cells.filter(
        (pl.col("role_family") == role_family) & (pl.col("place_id") == place_id)
    ).row(0, named=True)
    target = target_name(role_family, seniority, place_id)
    st.caption(
        f"{target}: {components.format_count(cell['n_cell'])} postings of the role (all levels) "
        f"first posted {cell['window_start']:%b %Y} to {cell['window_end']:%b %Y}."
    )
    if not my_skills:
        st.info("Pick at least one skill you have to see what to learn next.")
    else:
        show_path(build_id, my_skills, role_family, seniority, place_id, target)
        show_recommendations(build_id, my_skills, role_family, seniority, place_id, target)
    show_defining_skills(build_id, role_family, place_id)


def target_name(role_family: str, seniority: str, place_id: str) -> str:
    """ "Entry ML engineer postings in IN", "ML engineer postings (any level) in all places"."""
    level = "any level" if seniority == "all" else components.seniority_label(seniority)
    return f"{components.role_label(role_family)} · {level} · {place_label(place_id)}"


def place_label(place_id: str) -> str:
    """ "All places", "United States (US)" (the picker and targets read "US", "IN")."""
    return "All places" if place_id == "all" else components.country_name(place_id)


def target_pickers(
    build_id: str, cells: pl.DataFrame, filters: components.Filters
) -> tuple[str, str, str]:
    """Target role family, level and place (URL-bound), preset from the sidebar when it names
    them."""
    roles = cells["role_family"].unique(maintain_order=True).to_list()
    role_default = linked_option("target_role", roles, components.role_label) or (
        filters.role_family if filters.role_family in roles else DEFAULT_ROLE
    )
    missing_role = requested_missing("target_role", roles, components.role_label)
    role_col, level_col, place_col = st.columns(3)
    with role_col:
        role_family = st.selectbox(
            "Target role",
            roles,
            index=roles.index(role_default) if role_default in roles else 0,
            format_func=components.role_label,
            key="target_role",
            bind="query-params",
        )
    levels = ["all", *data.posting_filter_options(build_id).seniorities]
    level_default = filters.seniority if filters.seniority in levels else "all"
    with level_col:
        seniority = st.selectbox(
            "Target level",
            levels,
            index=levels.index(level_default),
            format_func=lambda value: (
                "Any level" if value == "all" else components.seniority_label(value)
            ),
            key="target_level",
            bind="query-params",
        )
    places = cells.filter(pl.col("role_family") == role_family)["place_id"].to_list()
    place_default = linked_option("target_place", places, place_label) or (
        filters.country if filters.country in places else "all"
    )
    missing_place = requested_missing("target_place", places, place_label)
    with place_col:
        place_id = st.selectbox(
            "Place",
            places,
            index=places.index(place_default) if place_default in places else 0,
            format_func=place_label,
            key="target_place",
            bind="query-params",
        )
    for what, key, missing, choice, shown in (
        ("role", "target_role", missing_role, role_family, components.role_label(role_family)),
        ("place", "target_place", missing_place, place_id, place_label(place_id)),
    ):
        if missing is not None and still_standing_in(key, str(choice)):
            st.warning(
                f"The advisor has no data for the {what} “{missing}” (too few of its postings "
                f"in the {rules.advisor_window()}): showing {shown}. Pick another above."
            )
    return str(role_family), str(seniority), str(place_id)


def linked_option(key: str, options: list[str], label: Callable[[str], str]) -> str | None:
    """The option a link's value names by its label, its id or in another letter case
    (`target_role=data_scientist`): Streamlit's binding reads labels only and dropped the
    others, so the picker is preset with it instead."""
    return components.option_named(st.query_params.get(key) or "", options, label)


def requested_missing(key: str, options: list[str], label: Callable[[str], str]) -> str | None:
    """A value the URL asks for (`key`) that names none of `options` (`linked_option`), kept
    for the session until the picker is changed: on the real captures
    `target_role=Data+scientist` became ML engineer without a word (the role has too few
    postings for the advisor)."""
    remembered = f"_missing_{key}"
    requested = st.query_params.get(key)
    if requested and linked_option(key, options, label) is None:
        st.session_state[remembered] = requested
        st.session_state.pop(f"_standing_in_{key}", None)
    return st.session_state.get(remembered)


def still_standing_in(key: str, choice: str) -> bool:
    """Whether `choice` is still the value shown in place of a missing request (False, and
    the request forgotten, once the learner picks another)."""
    standing = f"_standing_in_{key}"
    first = st.session_state.setdefault(standing, choice)
    if first == choice:
        return True
    st.session_state.pop(f"_missing_{key}", None)
    return False


def my_skill_picker(build_id: str, given: pl.DataFrame) -> list[str]:
    """Multiselect of my skills (URL-synced), from the whole catalog; skills too rare in the
    target role to rank from are named below the list."""
    catalog = data.skill_catalog(build_id).filter(pl.col("skill_id") != "genai")
    names = dict(zip(catalog["skill_id"], catalog["name"], strict=True))
    usable = set(given["skill_id"].to_list())
    chosen = st.multiselect(
        "My skills",
        options=list(names),
        format_func=lambda skill_id: names.get(skill_id, skill_id),
        key="my_skills",
        bind="query-params",
        placeholder="Type a skill, e.g. Python",
    )
    unusable = [names.get(skill, skill) for skill in chosen if skill not in usable]
    if unusable:
        st.caption(
            "Named by too few of this role's postings "
            f"(under {rules.advisor_min_given_postings()}) to rank from, so not used: "
            + ", ".join(unusable)
            + "."
        )
    return [str(skill) for skill in chosen]


def show_path(
    build_id: str,
    my_skills: list[str],
    role_family: str,
    seniority: str,
    place_id: str,
    target: str,
) -> None:
    """The ordered path: what to learn first and what each step unlocks, in plain words."""
    path = data.learning_path(
        build_id, tuple(my_skills), role_family, place_id, seniority, PATH_STEPS
    )
    st.subheader("Your path")
    if path.is_empty():
        st.info(
            "No path yet: none of your skills is named by enough of this role's postings "
            f"({rules.advisor_min_given_postings()} or more) to rank from, or there are no "
            "postings for this level and place. Try another place or level, or add a more "
            "common skill."
        )
        show_targets_with_data(build_id, my_skills)
        return
    role = components.role_label(role_family).lower().replace("ml ", "ML ").replace("ai ", "AI ")
    level = "" if seniority == "all" else f"{components.seniority_label(seniority).lower()}-level "
    names = skill_names_of(build_id, my_skills)
    first = path.row(0, named=True)
    today_half = round(first["half_before"] * first["n_target"])
    today_full = round(first["coverage_before"] * first["n_target"])
    st.markdown(
        f"Of **{first['n_target']:,}** {level}{role} postings{place_words(place_id)}, you have "
        f"at least half of the listed skills of **{today_half:,}** today "
        f"({100 * first['half_before']:.0f}%)"
        + (
            f" and all of them for {today_full:,}. "
            if today_full
            else "; none lists only skills you have. "
        )
        + "Learn in this order:"
    )
    before = first["half_before"]
    for row in path.iter_rows(named=True):
        st.markdown(
            f"**{row['step']}. {escape_markdown(row['skill_name'])}** — appears in "
            f"{100 * row['with_mine_share']:.0f}% of {level}{role} postings that ask for "
            f"{names} ({row['n_with_mine']:,} of {row['n_mine']:,}) and in "
            f"{100 * row['named_share']:.0f}% of all of them. With it you would have at least "
            f"half of the listed skills of {row['n_half']:,} postings "
            f"({100 * row['half_share']:.0f}%, up from {100 * before:.0f}%)"
            f"{covered_words(row['n_covered'])}."
        )
        before = row["half_share"]
    st.plotly_chart(
        charts.path_figure(path, title=path_finding(path)),
        key="path_chart",
        config=components.CHART_CONFIG,
    )
    st.caption(
        f"{target}, {rules.advisor_window()}. Each step adds the pick after which you would have "
        "at least half the listed skills of the most postings, given what you know by then "
        "(ties: the one that completes the most postings' whole list, then the best-ranked). "
        "A skill the role is named after is never suggested."
    )


TARGETS_SHOWN = 5


def show_targets_with_data(build_id: str, my_skills: list[str]) -> None:
    """Where the advisor can start from the learner's skills, with the postings behind it."""
    # the catch-all role family after the named ones (tried on the real captures: "Other
    # roles" led the targets for a learner aiming at ML engineer)
    targets = components.named_roles_first(
        data.advisor_targets_for(build_id, tuple(my_skills), n=4 * TARGETS_SHOWN)
    ).head(TARGETS_SHOWN)
    if targets.is_empty():
        st.caption("No role in this snapshot has enough postings naming your skills yet.")
        return
    st.caption(
        "Targets with enough postings naming your skills: "
        + "; ".join(
            f"{components.role_label(row['role_family'])} · {place_label(row['place_id'])} "
            f"({components.format_count(row['n_cell'])} postings)"
            for row in targets.iter_rows(named=True)
        )
        + "."
    )


def path_finding(path: pl.DataFrame) -> str:
    last = path.row(-1, named=True)
    first = path.row(0, named=True)
    return (
        f"After {last['step']} skills you would have at least half the listed skills of "
        f"{100 * last['half_share']:.0f}% of target postings (from "
        f"{100 * first['half_before']:.0f}% today), n = {last['n_target']:,}"
    )


def covered_words(n_covered: int) -> str:
    """ " and all of them for 12", or nothing for none (on the 60k sample each of five steps
    ended "and all of them for 0")."""
    return f" and all of them for {n_covered:,}" if n_covered else ""


def place_words(place_id: str) -> str:
    return "" if place_id == "all" else f" in {place_label(place_id)}"


def skill_names_of(build_id: str, skill_ids: list[str]) -> str:
    """ "Python", "Python or SQL", "Python, SQL or Docker"."""
    catalog = data.skill_catalog(build_id)
    names = dict(zip(catalog["skill_id"], catalog["name"], strict=True))
    shown = [names.get(skill_id, skill_id) for skill_id in skill_ids]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + f" or {shown[-1]}"


def show_recommendations(
    build_id: str,
    my_skills: list[str],
    role_family: str,
    seniority: str,
    place_id: str,
    target: str,
) -> None:
    ranked = data.recommend_next_skills(
        build_id, tuple(my_skills), role_family, place_id, TOP_N, seniority
    )
    st.subheader("Why these skills")
    if ranked.is_empty():
        st.info(
            "None of your skills is named by enough of this role's postings to rank from "
            f"({rules.advisor_min_given_postings()} or more): try another place or add a more "
            "common skill."
        )
        return
    names = skill_names_of(build_id, my_skills)
    # the pairings are the role's over all levels (the mart's); said so when a level is the
    # target (an entry-level target read "60% of Data scientist postings", every level's)
    role = components.role_label(role_family) + ("" if seniority == "all" else " (all levels)")
    ranked = with_premium_intervals(build_id, ranked)
    st.plotly_chart(
        charts.advisor_figure(ranked, title=advisor_title(ranked, role, names)),
        key="advisor_chart",
        config=components.CHART_CONFIG,
    )
    for row in ranked.iter_rows(named=True):
        st.markdown(f"**{row['rank']}. {escape_markdown(row['skill_name'])}**")
        st.caption(plain_reason(row, role, names, len(my_skills)))
    with st.expander("The exact numbers behind the ranking"):
        st.dataframe(recommendation_table(ranked), hide_index=True, key="advisor_table")
        st.caption(
            f"{target}; the shares are over the role's postings of every level, the coverage "
            "gain over the target level's. Share with your skills: postings naming the skill "
            "among those naming "
            "one of yours (a posting counts once per skill of yours it names), with its Wilson "
            "95% interval and n. Lift: that share over the skill's usual share in the role. "
            "Coverage gain: share of the target postings whose whole skill list you would meet "
            "by adding the skill. Momentum (change of the log share per year) and premium come "
            "from the role's trend and premium marts; “not estimated”: too few postings."
        )
    shown = ranked.with_columns(
        my_skills=pl.lit(",".join(my_skills)),
        target_role_family=pl.lit(role_family),
        target_level=pl.lit(seniority),
        target_place=pl.lit(place_id),
    )
    components.csv_download(
        shown, "skill_advisor.csv", "Download the recommendations (CSV)", key="advisor_csv"
    )


def advisor_title(ranked: pl.DataFrame, role: str, my_names: str) -> str:
    """The chart's finding: the skill named beside the learner's most often (the ranking's
    first is not always it: "Machine learning goes with your skills most often: in 60%" stood
    above Statistics at 61%)."""
    top = ranked.sort(["pooled_share", "rank"], descending=[True, False]).row(0, named=True)
    return (
        f"{top['skill_name']} goes with your skills most often: in "
        f"{100 * top['pooled_share']:.0f}% of {role} postings that ask for {my_names}"
    )


def with_premium_intervals(build_id: str, ranked: pl.DataFrame) -> pl.DataFrame:
    """`ranked` with premium_adj_lo and premium_adj_hi: the 95% interval of the premium it
    names, from the premium mart's segment the advisor read it from (null when absent)."""
    intervals = [
        data.premiums(build_id, segment)
        .select("skill_id", "premium_adj_lo", "premium_adj_hi")
        .with_columns(premium_segment=pl.lit(segment))
        for segment in ranked["premium_segment"].drop_nulls().unique().to_list()
    ]
    schema = {
        "skill_id": pl.String,
        "premium_adj_lo": pl.Float64,
        "premium_adj_hi": pl.Float64,
        "premium_segment": pl.String,
    }
    found = pl.concat([pl.DataFrame(schema=schema), *[i.cast(schema) for i in intervals]])
    return ranked.join(
        found.unique(["skill_id", "premium_segment"]),
        on=["skill_id", "premium_segment"],
        how="left",
    )


def pay_words(row: dict) -> str:
    """The premium in words only where its 95% interval excludes zero ("advertise 1% more
    pay" was said of estimates whose interval ran from -0.5% to +0.6%); an interval across
    zero reads "no clear pay difference"; no interval, no claim."""
    premium, low, high = (
        row["premium_adj_pct"],
        row.get("premium_adj_lo"),
        row.get("premium_adj_hi"),
    )
    if premium is None or low is None or high is None:
        return ""
    interval = f"95% interval {low:+.1f}% to {high:+.1f}%"
    if low > 0 or high < 0:
        return (
            f"; postings naming it advertise {abs(premium):.1f}% "
            f"{'more' if premium > 0 else 'less'} pay than comparable ones ({interval})"
        )
    return f"; no clear pay difference from comparable postings ({interval})"


def plain_reason(row: dict, role: str, my_names: str, n_mine: int = 1) -> str:
    """One sentence from the row's own numbers, without model words. The counts are postings
    (`pooled_by_posting`, from the advisor's target postings); on a snapshot without them and
    with several skills of the learner's, n counts a posting once per skill of theirs it names
    (the mart's sum), so the sentence says so rather than calling it postings."""
    counted = (
        f" ({row['n_both']:,} of {row['n_given']:,})"
        if n_mine == 1 or row.get("pooled_by_posting")
        else (
            f", counting a posting once per skill of yours it names ({row['n_both']:,} of "
            f"{row['n_given']:,} mentions)"
        )
    )
    text = (
        f"Appears in {100 * row['pooled_share']:.0f}% of {role} postings that ask for "
        f"{my_names}{counted}"
    )
    change = row["yoy_change_pts"]
    if change is not None and abs(change) >= 0.05:
        text += f"; its share {'rose' if change > 0 else 'fell'} {abs(change):.1f} points in a year"
    text += pay_words(row)
    gain = row["coverage_gain"] or 0
    if gain > 0:
        text += f"; it completes the skill list of {100 * gain:.1f}% more target postings"
    return text + "."


def escape_markdown(text: str) -> str:
    """Skill names come from our taxonomy, but keep them literal in markdown anyway."""
    return "".join(f"\\{char}" if char in "\\`*_{}[]<>()#+-.!|~" else char for char in text)


def recommendation_table(ranked: pl.DataFrame) -> pl.DataFrame:
    """The exact numbers; a count or gain of nothing reads 0, an estimate that could not be
    made reads "not estimated" (never "None")."""

    def estimate(column: pl.Expr, digits: int) -> pl.Expr:
        return (
            pl.when(column.is_null())
            .then(pl.lit(NOT_ESTIMATED))
            .otherwise(column.round(digits).cast(pl.String))
        )

    return ranked.select(
        pl.col("rank").alias("Rank"),
        pl.col("skill_name").alias("Skill"),
        (100 * pl.col("pooled_share")).round(1).alias("Share with your skills (%)"),
        (100 * pl.col("pooled_lo")).round(1).alias("95% low"),
        (100 * pl.col("pooled_hi")).round(1).alias("95% high"),
        pl.col("n_given").alias("n"),
        pl.col("mean_lift").round(2).alias("Lift"),
        (100 * pl.col("coverage_gain").fill_null(0)).round(2).alias("Coverage gain (%)"),
        pl.col("n_newly_covered").fill_null(0).alias("Postings newly covered"),
        estimate(12 * pl.col("momentum"), 2).alias("Momentum (ln share / yr)"),
        estimate(pl.col("premium_adj_pct"), 1).alias("Premium (%)"),
        estimate(pl.col("premium_adj_lo"), 1).alias("Premium 95% low"),
        estimate(pl.col("premium_adj_hi"), 1).alias("Premium 95% high"),
        pl.col("score").round(3).alias("Score"),
    )


def show_defining_skills(build_id: str, role_family: str, place_id: str) -> None:
    st.subheader(f"Skills that define {components.role_label(role_family)} roles")
    defining = data.role_defining_skills(build_id, role_family, place_id, DEFINING_N)
    if defining.is_empty():
        st.info(f"No skill counts for this role and place in the {rules.advisor_window()}.")
        return
    st.dataframe(
        defining.select(
            pl.col("rank").alias("Rank"),
            pl.col("skill_name").alias("Skill"),
            pl.col("share_pct").round(1).alias("Share of role's postings (%)"),
            pl.col("share_lo").round(1).alias("95% low"),
            pl.col("share_hi").round(1).alias("95% high"),
            pl.col("n_with_skill").alias("n with skill"),
            pl.col("n_postings").alias("of postings"),
            pl.col("n_roles_common").alias(f"Roles where common (≥{rules.common_share_text()})"),
        ),
        hide_index=True,
        key="defining_table",
    )
    st.caption(
        "Ranked by TF-IDF across role families: common in this role, uncommon elsewhere "
        f"({rules.advisor_window()}, {place_label(place_id)})."
    )
    components.csv_download(
        defining.with_columns(role_family=pl.lit(role_family), place=pl.lit(place_id)),
        "role_defining_skills.csv",
        "Download (CSV)",
        key="defining_csv",
    )


if __name__ == "__main__":
    components.run_page(render)
