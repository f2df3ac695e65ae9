"""Finding a job board on a career page: every URL form of the six systems, where on the page
the link sits (markup, embeds, JSON-LD, inline scripts), and the URLs that look alike but are
no board."""

from __future__ import annotations

import pytest

from ingest.collect.board_links import board_links, board_of_url

PAGE_URL = "https://www.acme.example/careers"


@pytest.mark.parametrize(
    ("url", "board"),
    [
        ("https://boards.greenhouse.io/acme", ("greenhouse", "acme")),
        ("https://job-boards.greenhouse.io/acme/jobs/4012345", ("greenhouse", "acme")),
        ("https://boards.greenhouse.io/embed/job_board?for=acme&b=x", ("greenhouse", "acme")),
        ("https://boards.greenhouse.io/embed/job_board/js?for=acme", ("greenhouse", "acme")),
        ("https://boards-api.greenhouse.io/v1/boards/acme/jobs", ("greenhouse", "acme")),
        ("https://jobs.lever.co/acme-ai/3f1c", ("lever", "acme-ai")),
        ("https://api.lever.co/v0/postings/acme-ai?mode=json", ("lever", "acme-ai")),
        ("https://jobs.ashbyhq.com/Acme%20Labs/embed", ("ashby", "Acme Labs")),
        ("https://api.ashbyhq.com/posting-api/job-board/acme.ai", ("ashby", "acme.ai")),
        ("https://apply.workable.com/acme/j/A1B2C3/", ("workable", "acme")),
        ("https://apply.workable.com/api/v1/widget/accounts/acme", ("workable", "acme")),
        ("https://acme.workable.com/", ("workable", "acme")),
        ("https://jobs.smartrecruiters.com/AcmeCorp1/7440001", ("smartrecruiters", "AcmeCorp1")),
        ("https://careers.smartrecruiters.com/AcmeCorp1", ("smartrecruiters", "AcmeCorp1")),
        (
            "https://api.smartrecruiters.com/v1/companies/AcmeCorp1/postings",
            ("smartrecruiters", "AcmeCorp1"),
        ),
        ("https://acme.recruitee.com/o/data-engineer", ("recruitee", "acme")),
        ("jobs.lever.co/acme", ("lever", "acme")),  # written without a scheme
    ],
)
def test_board_urls_of_every_system(url: str, board: tuple[str, str]) -> None:
    assert board_of_url(url) == board


@pytest.mark.parametrize(
    "url",
    [
        "https://www.acme.example/jobs",
        "https://boards.greenhouse.io/embed/job_board",  # no `for`
        "https://www.greenhouse.io/careers",
        "https://jobs.eu.lever.co/acme",  # Lever's EU instance: another API
        "https://jobs.lever.co/",
        "https://apply.workable.com/j/A1B2C3",  # a short link, not an account
        "https://www.workable.com/pricing",
        "https://www.recruitee.com/",
        "https://support.recruitee.com/en/articles",
        "https://api.ashbyhq.com/posting-api/",
        "mailto:jobs@acme.example",
    ],
)
def test_urls_that_are_no_board(url: str) -> None:
    assert board_of_url(url) is None


CAREER_PAGE = """<!doctype html>
<html><head>
<link rel="preconnect" href="https://www.google.com">
<script src="https://boards.greenhouse.io/embed/job_board/js?for=acmegreen"></script>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "JobPosting", "title": "Data Engineer",
 "hiringOrganization": {"@type": "Organization", "name": "Acme",
   "sameAs": ["https://www.linkedin.com/company/acme", "https://apply.workable.com/acme-wk/"]},
 "url": "https://apply.workable.com/acme-wk/j/A1B2C3/"}
</script>
</head><body>
<a href="/about">About</a>
<a href="https://jobs.lever.co/acme-lv">All openings</a>
<a href="HTTPS://JOBS.LEVER.CO/ACME-LV/123">Data Scientist</a>
<iframe src="//jobs.ashbyhq.com/acme-ab/embed?version=2"></iframe>
<div data-board-url="https://acme-rt.recruitee.com/"></div>
<form action="https://jobs.smartrecruiters.com/AcmeSR/apply"></form>
<script>
  var api = "https:\\/\\/api.smartrecruiters.com\\/v1\\/companies\\/AcmeSR2\\/postings";
</script>
</body></html>"""


def test_a_career_page_yields_each_board_once_with_where_it_was_found() -> None:
    found = [
        (link.system, link.token, link.found_in) for link in board_links(CAREER_PAGE, PAGE_URL)
    ]
    assert found == [
        ("lever", "acme-lv", "link"),
        ("ashby", "acme-ab", "iframe"),
        ("greenhouse", "acmegreen", "script"),
        ("smartrecruiters", "AcmeSR", "form"),
        ("recruitee", "acme-rt", "link"),
        ("workable", "acme-wk", "JSON-LD"),
        ("smartrecruiters", "AcmeSR2", "inline script"),
    ]


def test_a_board_url_is_its_own_board_and_a_page_without_links_has_none() -> None:
    links = board_links("", "https://job-boards.greenhouse.io/acme")
    assert [(link.system, link.token, link.found_in) for link in links] == [
        ("greenhouse", "acme", "the URL")
    ]
    assert board_links("<html><a href='/jobs'>Jobs</a></html>", PAGE_URL) == []
    broken = "<html><script type='application/ld+json'>{not json</script></html>"
    assert board_links(broken.encode(), PAGE_URL) == []
