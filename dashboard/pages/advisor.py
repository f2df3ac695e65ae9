"""Skill advisor page (learners): my skills + target role family + place → ranked next skills
with coverage gain, momentum, premium and a one-line reason each, and the skills that define
the role.

Runs as a Streamlit page script (`st.Page("dashboard/pages/advisor.py")`); `render()` draws it.
Widgets → cached query (`dashboard.data`; the ranking's numbers and the role-defining TF-IDF
come from the build's out_skill_advisor, `warehouse.queries` selects them for the learner's
skills) → figure builder (`dashboard.charts`) → render.

May import: `dashboard` modules, `warehouse.queries`, streamlit, polars.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, components, data, rules

TOP_N = 10
DEFINING_N = 10
DEFAULT_ROLE = "ml_engineer"


def render() -> None:
    st.title("Skill advisor")
    st.markdown(
        "Tell us the skills you have and the role you are aiming at; we rank the skills that "
        "most often go with yours in that role's postings, nudged by momentum and pay."
    )
    build_id = data.manifest()["build_id"]
    if not data.view_available(build_id, "out_skill_advisor"):
        st.info("This snapshot has no skill-advisor mart (out_skill_advisor).")
        return
    filters = components.active_filters()
    cells = data.advisor_cells(build_id)
    if cells.is_empty():
        st.info("The skill-advisor mart is empty: no role has enough postings yet.")
        return
    components.show_filter_scope(
        ["role", "country"],
        f"the advisor looks at the {rules.advisor_window()} of all levels and sources",
    )
    role_family, place_id = target_pickers(cells, filters)
    given = data.advisor_given_skills(build_id, role_family, place_id)
    my_skills = my_skill_picker(build_id, given)
    cell = cells.filter(
        (pl.col("role_family") == role_family) & (pl.col("place_id") == place_id)
    ).row(0, named=True)
    target = f"{components.role_label(role_family)} · {place_label(place_id)}"
    st.caption(
        f"{target}: {components.format_count(cell['n_cell'])} postings first posted "
        f"{cell['window_start']:%b %Y} to {cell['window_end']:%b %Y}."
    )
    if not my_skills:
        st.info("Pick at least one skill you have to see what to learn next.")
    else:
        show_recommendations(build_id, my_skills, role_family, place_id, given, target)
    show_defining_skills(build_id, role_family, place_id)


def place_label(place_id: str) -> str:
    return "All places" if place_id == "all" else place_id


def target_pickers(cells: pl.DataFrame, filters: components.Filters) -> tuple[str, str]:
    """Target role family and place (URL-synced), preset from the sidebar when it names one."""
    roles = cells["role_family"].unique(maintain_order=True).to_list()
    role_default = filters.role_family if filters.role_family in roles else DEFAULT_ROLE
    left, right = st.columns(2)
    with left:
        role_family = st.selectbox(
            "Target role family",
            roles,
            index=roles.index(role_default) if role_default in roles else 0,
            format_func=components.role_label,
            key="target_role",
            bind="query-params",
        )
    places = cells.filter(pl.col("role_family") == role_family)["place_id"].to_list()
    place_default = filters.country if filters.country in places else "all"
    with right:
        place_id = st.selectbox(
            "Place",
            places,
            index=places.index(place_default) if place_default in places else 0,
            format_func=place_label,
            key="target_place",
            bind="query-params",
        )
    return str(role_family), str(place_id)


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


def show_recommendations(
    build_id: str,
    my_skills: list[str],
    role_family: str,
    place_id: str,
    given: pl.DataFrame,
    target: str,
) -> None:
    ranked = data.recommend_next_skills(build_id, tuple(my_skills), role_family, place_id, TOP_N)
    st.subheader("Learn next")
    if ranked.is_empty():
        st.info(
            "None of your skills is named by enough of this role's postings to rank from "
            f"({rules.advisor_min_given_postings()} or more): try another place or add a more "
            "common skill."
        )
        return
    top = ranked.row(0, named=True)
    title = f"{top['skill_name']} goes with your skills most: {100 * top['pooled_share']:.0f}%"
    st.plotly_chart(charts.advisor_figure(ranked, title=title), key="advisor_chart")
    for row in ranked.iter_rows(named=True):
        st.markdown(f"**{row['rank']}. {escape_markdown(row['skill_name'])}**")
        st.caption(row["reason"])
    st.dataframe(recommendation_table(ranked), hide_index=True, key="advisor_table")
    st.caption(
        f"{target}. Share with your skills: postings naming the skill among those naming one of "
        "yours, pooled over your skills (a posting counts once per skill of yours it names), "
        "with its Wilson 95% interval and n. Coverage gain: share of the role's postings whose "
        "whole skill list you would meet by adding the skill. Momentum and premium come from "
        "the role's trend and premium marts; an empty cell means not estimated (too few postings)."
    )
    shown = ranked.with_columns(
        my_skills=pl.lit(",".join(my_skills)),
        target_role_family=pl.lit(role_family),
        target_place=pl.lit(place_id),
    )
    components.csv_download(
        shown, "skill_advisor.csv", "Download the recommendations (CSV)", key="advisor_csv"
    )


def escape_markdown(text: str) -> str:
    """Skill names come from our taxonomy, but keep them literal in markdown anyway."""
    return "".join(f"\\{char}" if char in "\\`*_{}[]<>()#+-.!|~" else char for char in text)


def recommendation_table(ranked: pl.DataFrame) -> pl.DataFrame:
    return ranked.select(
        pl.col("rank").alias("Rank"),
        pl.col("skill_name").alias("Skill"),
        (100 * pl.col("pooled_share")).round(1).alias("Share with your skills (%)"),
        (100 * pl.col("pooled_lo")).round(1).alias("95% low"),
        (100 * pl.col("pooled_hi")).round(1).alias("95% high"),
        pl.col("n_given").alias("n"),
        pl.col("mean_lift").round(2).alias("Lift"),
        (100 * pl.col("coverage_gain")).round(2).alias("Coverage gain (%)"),
        (12 * pl.col("momentum")).round(2).alias("Momentum (ln share / yr)"),
        pl.col("premium_adj_pct").round(1).alias("Premium (%)"),
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
