"""The fictional employers of the sample market: names, size, industry, home country, the
board system each uses (Ashby, Greenhouse, Lever, a JSON-LD career page, or Hacker News only),
the planted company pay effect and GenAI appetite, and per-country hiring weights.

Names are built from invented word pairs ("Northwind Analytics", "Quantal Labs") and checked so
that none names a skill.

May import: the standard library, numpy, and `ingest.sample` modules.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ingest.sample.places import COUNTRY_NAMES
from ingest.sample.skillmatch import names_no_skill
from ingest.sample.vocab import SOURCES

NAME_STEMS: tuple[str, ...] = (
    "Northwind",
    "Quantal",
    "Bluefin",
    "Cobaltline",
    "Lumenary",
    "Tidewater",
    "Brightpath",
    "Cedarloop",
    "Silverpine",
    "Ironbark",
    "Foxglove",
    "Harborview",
    "Kestrel",
    "Marigold",
    "Oakridge",
    "Quillon",
    "Saltmarsh",
    "Tessellate",
    "Umberfield",
    "Verdant",
    "Wavecrest",
    "Yarrow",
    "Zephyrine",
    "Amberly",
    "Basalt",
    "Cinderby",
    "Driftwood",
    "Emberline",
    "Fathom",
    "Graniteview",
    "Halcyon",
    "Indigo",
    "Juniper",
    "Kelvinor",
    "Larkspur",
    "Meridian",
    "Nimbus",
    "Orrery",
    "Parallax",
    "Quasarly",
    "Rookery",
    "Sable",
    "Tamarack",
    "Upland",
    "Vantagely",
    "Willowby",
    "Xylem",
    "Yonder",
    "Zenithal",
    "Altimetric",
    "Bellwether",
    "Calyx",
    "Dovetail",
    "Everly",
    "Flintlock",
    "Galena",
    "Hearthstone",
    "Inlet",
    "Jubilee",
    "Kilnworth",
    "Loam",
    "Nettle",
    "Outpost",
    "Prairie",
    "Quarryline",
    "Runestone",
    "Spindle",
    "Trellis",
    "Underwood",
    "Vesper",
    "Wren",
    "Argent",
    "Bramble",
    "Corvid",
    "Dunmore",
    "Elmstead",
    "Ferrous",
    "Gossamer",
    "Hollowell",
    "Jasperline",
    "Kinfolk",
    "Lodestar",
    "Northstar",
    "Orbitale",
    "Pebbleton",
    "Quintessa",
    "Rivulet",
    "Sextant",
    "Thimble",
    "Ultramarine",
    "Vireo",
    "Waypoint",
    "Aldermoor",
    "Brackenridge",
    "Caldera",
    "Deepwell",
    "Estuary",
    "Fennick",
    "Glimmerly",
    "Heronfield",
    "Isotopic",
    "Jettison",
    "Keystoneer",
    "Latticeworks",
    "Monolithic",
    "Nautilae",
    "Obsidian",
    "Pylonic",
    "Quartzel",
    "Ridgeline",
    "Solstice",
    "Terracotta",
    "Umbrella",
    "Vellum",
    "Wildfern",
    "Axiomatic",
    "Beaconry",
    "Cascadia",
    "Delphine",
    "Fjordic",
    "Goldcrest",
    "Helixa",
    "Ivorywood",
    "Juxtapose",
    "Kindling",
    "Lanternfish",
    "Marblehead",
    "Nightjar",
    "Oxbow",
    "Pinnacle",
    "Quiverly",
    "Redfern",
    "Sundial",
    "Tallgrass",
    "Uplift",
    "Veridian",
    "Windrose",
    "Yellowtail",
    "Zircona",
    "Arbor",
    "Bluestem",
    "Copperleaf",
    "Dawnlight",
    "Eastmere",
    "Frostline",
    "Greywater",
    "Hawthorne",
    "Inkwell",
    "Jadeite",
    "Kittiwake",
    "Longbow",
    "Moonstone",
    "Nobleford",
    "Opaline",
    "Palisade",
    "Quokka",
    "Riverbend",
    "Starling",
    "Thornbury",
    "Uppercase",
    "Vanguardia",
    "Westerly",
    "Yewtree",
    "Zestful",
)
NAME_SUFFIXES: tuple[tuple[str, str], ...] = (
    # (suffix, industry)
    ("Analytics", "software"),
    ("Labs", "software"),
    ("AI", "software"),
    ("Systems", "software"),
    ("Technologies", "software"),
    ("Software", "software"),
    ("Works", "software"),
    ("Dynamics", "software"),
    ("Intelligence", "software"),
    ("Metrics", "software"),
    ("Cloudworks", "software"),
    ("Health", "healthcare"),
    ("Bio", "biotech"),
    ("Therapeutics", "biotech"),
    ("Genomics", "biotech"),
    ("Financial", "fintech"),
    ("Capital", "fintech"),
    ("Payments", "fintech"),
    ("Insurance", "insurance"),
    ("Markets", "fintech"),
    ("Robotics", "robotics"),
    ("Mobility", "robotics"),
    ("Devices", "hardware"),
    ("Sensing", "hardware"),
    ("Semiconductor", "hardware"),
    ("Commerce", "ecommerce"),
    ("Retail", "ecommerce"),
    ("Foods", "ecommerce"),
    ("Media", "media"),
    ("Games", "gaming"),
    ("Studios", "gaming"),
    ("Logistics", "logistics"),
    ("Freight", "logistics"),
    ("Energy", "energy"),
    ("Climate", "energy"),
    ("Security", "security"),
    ("Networks", "security"),
    ("Learning", "edtech"),
    ("Education", "edtech"),
    ("", "software"),
)
SIZE_CLASSES: tuple[str, ...] = ("1-50", "51-200", "201-1000", "1001-5000", "5001+")
SIZE_PROBS = np.array([0.30, 0.30, 0.22, 0.12, 0.06])
SIZE_WEIGHT = np.array([1.0, 1.8, 3.0, 4.5, 7.0])
EMPLOYEES = ((12, 50), (51, 200), (201, 1000), (1001, 5000), (5001, 40000))
# board system by size class (columns follow SYSTEMS)
SYSTEMS: tuple[str, ...] = SOURCES
SYSTEM_BY_SIZE = np.array(
    [
        [0.30, 0.10, 0.20, 0.05, 0.35],
        [0.34, 0.24, 0.26, 0.06, 0.10],
        [0.34, 0.30, 0.24, 0.12, 0.00],
        [0.20, 0.38, 0.14, 0.28, 0.00],
        [0.10, 0.38, 0.07, 0.45, 0.00],
    ]
)
HOME_COUNTRIES: tuple[str, ...] = tuple(COUNTRY_NAMES)
HOME_PROBS = np.array([0.64, 0.11, 0.07, 0.05, 0.045, 0.02, 0.02, 0.01, 0.015, 0.01, 0.01, 0.005])
GENAI_LEVELS = np.array([-0.8, 0.0, 0.8])  # company GenAI appetite, log-odds
GENAI_LEVEL_PROBS = np.array([0.3, 0.5, 0.2])
COMPANY_EFFECT_SD = 0.08
ABROAD_WEIGHT = 0.4  # large companies also hire outside their home country, at this weight
DOMAIN_TLDS = (".com", ".ai", ".io", ".co", ".dev")


class CompanyError(ValueError):
    """The company table cannot be built as asked."""


@dataclass(frozen=True)
class Companies:
    names: list[str]
    industries: list[str]
    size_class: np.ndarray  # int index into SIZE_CLASSES
    employees: np.ndarray
    founded: np.ndarray
    system: np.ndarray  # int index into SYSTEMS
    home: np.ndarray  # int index into HOME_COUNTRIES
    weight: np.ndarray
    effect: np.ndarray  # planted log-pay company effect
    genai_level: np.ndarray  # int index into GENAI_LEVELS
    board: list[str]  # board token / lever site / page domain / "hn"
    domain: list[str]
    jsonld_style: np.ndarray  # 0 object per script, 1 list, 2 @graph

    def __len__(self) -> int:
        return len(self.names)

    @property
    def is_global(self) -> np.ndarray:
        return self.size_class >= 3


def n_companies_for(n_postings: int) -> int:
    """Enough employers for realism at any size: 320 at small sizes, growing to 4,000."""
    return int(np.clip(n_postings // 150, 320, 4000))


def company_names(rng: np.random.Generator, n: int) -> tuple[list[str], list[str]]:
    """n distinct invented names (and their industries) that name no skill."""
    combos = [(stem, suffix, industry) for stem in NAME_STEMS for suffix, industry in NAME_SUFFIXES]
    order = rng.permutation(len(combos))
    names: list[str] = []
    industries: list[str] = []
    for i in order:
        stem, suffix, industry = combos[i]
        name = f"{stem} {suffix}".strip()
        if names_no_skill(name):
            names.append(name)
            industries.append(industry)
        if len(names) == n:
            return names, industries
    raise CompanyError(f"only {len(names)} distinct company names available, {n} asked")


def _slug_forms(name: str) -> tuple[str, str, str]:
    words = name.split()
    return "".join(words), "".join(words).lower(), "-".join(w.lower() for w in words)


def board_tokens(names: list[str], system: np.ndarray, rng: np.random.Generator) -> list[str]:
    """Board token per company in the style of its system (unique within the system)."""
    style = rng.integers(0, 3, len(names))
    tokens: list[str] = []
    seen: set[tuple[int, str]] = set()
    for name, sys_index, s in zip(names, system, style, strict=True):
        camel, lower, hyphen = _slug_forms(name)
        source = SYSTEMS[sys_index]
        if source == "ashby":
            tokens.append((camel, lower, hyphen)[s])
        elif source == "greenhouse":
            tokens.append(lower)
        elif source == "lever":
            tokens.append((lower, hyphen, lower)[s])
        else:
            tokens.append(lower)
        while (sys_index, tokens[-1]) in seen:  # two names that join to the same token
            tokens[-1] += "-2"
        seen.add((sys_index, tokens[-1]))
    return tokens


def domains(names: list[str], rng: np.random.Generator) -> list[str]:
    tld = rng.integers(0, len(DOMAIN_TLDS), len(names))
    short = rng.random(len(names)) < 0.4
    out = []
    for name, t, use_stem in zip(names, tld, short, strict=True):
        words = name.lower().split()
        stem = words[0] if use_stem else "".join(words)
        out.append(f"{stem}{DOMAIN_TLDS[t]}")
    # stems can collide ("northwind.ai" for two Northwinds): fall back to the full name
    seen: set[str] = set()
    for i, domain in enumerate(out):
        if domain in seen:
            domain = "".join(names[i].lower().split()) + DOMAIN_TLDS[tld[i]]
        while domain in seen:
            domain = "careers-" + domain
        seen.add(domain)
        out[i] = domain
    return out


def build_companies(rng: np.random.Generator, n: int) -> Companies:
    """The company table: all attributes drawn with numpy from `rng`."""
    names, industries = company_names(rng, n)
    size_class = rng.choice(len(SIZE_CLASSES), size=n, p=SIZE_PROBS)
    lows = np.array([e[0] for e in EMPLOYEES])[size_class]
    highs = np.array([e[1] for e in EMPLOYEES])[size_class]
    employees = np.floor(lows + (highs - lows) * rng.random(n) ** 2).astype(np.int64)
    founded = 2024 - np.minimum(rng.geometric(0.12, n), 60) - 2 * size_class
    cumulative = SYSTEM_BY_SIZE[size_class].cumsum(axis=1)
    system = (rng.random(n)[:, None] > cumulative).sum(axis=1)
    home = rng.choice(len(HOME_COUNTRIES), size=n, p=HOME_PROBS / HOME_PROBS.sum())
    # Hacker-News-only employers are US and European startups.
    home = np.where((system == SYSTEMS.index("hn")) & (home == 1), 0, home)
    weight = SIZE_WEIGHT[size_class] * rng.lognormal(0.0, 0.6, n)
    effect = rng.normal(0.0, COMPANY_EFFECT_SD, n)
    genai_level = rng.choice(len(GENAI_LEVELS), size=n, p=GENAI_LEVEL_PROBS)
    board = board_tokens(names, system, rng)
    domain = domains(names, rng)
    board = [
        d if SYSTEMS[s] == "jsonld" else b for b, d, s in zip(board, domain, system, strict=True)
    ]
    board = [("hn" if SYSTEMS[s] == "hn" else b) for b, s in zip(board, system, strict=True)]
    return Companies(
        names=names,
        industries=industries,
        size_class=size_class,
        employees=employees,
        founded=founded,
        system=system,
        home=home,
        weight=weight,
        effect=effect,
        genai_level=genai_level,
        board=board,
        domain=domain,
        jsonld_style=rng.integers(0, 3, n),
    )


@dataclass(frozen=True)
class HiringTable:
    """Per country: which companies post there and with what cumulative weight."""

    companies: dict[str, np.ndarray]
    cumulative: dict[str, np.ndarray]

    def draw(self, country: str, u: np.ndarray) -> np.ndarray:
        cumulative = self.cumulative[country]
        picks = np.searchsorted(cumulative, u * cumulative[-1], side="right")
        return self.companies[country][np.minimum(picks, len(cumulative) - 1)]

    def level_probs(self, country: str, levels: np.ndarray) -> np.ndarray:
        """Posting-weighted share of each GenAI level among this country's employers."""
        members = self.companies[country]
        weights = np.diff(self.cumulative[country], prepend=0.0)
        out = np.bincount(levels[members], weights=weights, minlength=len(GENAI_LEVELS))
        return out / out.sum()


def hiring_table(companies: Companies) -> HiringTable:
    """Employers eligible in each country: home companies, plus large ones at a lower weight."""
    members: dict[str, np.ndarray] = {}
    cumulative: dict[str, np.ndarray] = {}
    for c, country in enumerate(HOME_COUNTRIES):
        local = companies.home == c
        abroad = companies.is_global & ~local
        weight = np.where(
            local, companies.weight, np.where(abroad, companies.weight * ABROAD_WEIGHT, 0)
        )
        idx = np.flatnonzero(weight > 0)
        if len(idx) == 0:
            raise CompanyError(f"no employer hires in {country}; raise the company count")
        members[country] = idx
        cumulative[country] = np.cumsum(weight[idx])
    return HiringTable(members, cumulative)
