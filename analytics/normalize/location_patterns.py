"""Words and shapes of location text that are not place names: the regexes
`analytics.normalize.locations` applies to folded text (lower case, accents and periods
removed) before it reads places.

`REMOTE_PATTERN` / `HYBRID_PATTERN` mark the work mode; `NOISE_PATTERNS` are removed before a
location is split into parts (work-mode and office words, time zones); `NEGATED_PLACE_PATTERN`
drops an excluded place ("Remote (non-U.S.)", "outside the US", "excluding California");
`POSTAL_PATTERN` and `STREET_PATTERN` find postal codes and address lines inside a part,
`OUTWARD_CODE_PATTERN` a trailing short postcode that may follow a town; `CJK_UNIT_BREAK`,
`HANGUL_WORD_BREAK` and `KOREAN_CITY_SUFFIX` split East Asian addresses into parts, and
`WARD_BEFORE_COMMA` / `WARD_AFTER_COMMA` find a city's ward.

May import: the standard library, `contract`.
"""

from __future__ import annotations

import unicodedata

from contract.vocab import NO_PLACE_WORDS, WORK_MODE_WORDS

_B = r"(?-u:\b)"  # ASCII word boundary: keeps Rust's regex on its fast engines

# Remote work in other languages as boards write it: German "Homeoffice" / "mobiles Arbeiten",
# Portuguese "teletrabalho", Dutch "thuiswerk", Polish "zdalnie", Italian "da remoto" (remoto).
_REMOTE_LOCAL = (
    r"home-?office|mobiles arbeiten|telearbeit|teletrabalho|trabalho remoto|thuiswerk(?:en)?"
    r"|zdaln(?:a|ie|y)|smart working"
)
REMOTE_PATTERN = (
    rf"{_B}(?:remote|anywhere|worldwide|work from home|wfh|telecommut\w*|home[- ]based"
    rf"|fully distributed|distributed team|remoto|remota|teletravail|teletrabajo"
    rf"|work from anywhere|{_REMOTE_LOCAL}){_B}"
)
# Office days ("Tue-Thu in office", "Mondays and Fridays onsite"): not places, and removed
# before "/" splits locations ("Hybrid (Mon/Wed), Austin TX").
_WEEKDAYS = r"(?:monday|tuesday|wednesday|thursday|friday|mon|tues?|weds?|thu|thurs?|fri)s?"
HYBRID_PATTERN = (
    rf"{_B}(?:hybrid|hibrido|hybride|ibrido|semi[- ]remote|flexible working"
    rf"|[0-9]\s*days?\s*(?:a |per )?(?:week\s*)?in(?: the)?[- ]office){_B}"
)
# "Remote (non-U.S.)", "outside the US", "excluding California": the named place is excluded,
# so the phrase is dropped before places are read (on folded text, brackets as commas).
NEGATED_PLACE_PATTERN = (
    rf"(?:^|[\s,/-]){_B}(?:non|outside(?:\s+of)?(?:\s+the)?|ex|excluding|except(?:\s+for)?"
    rf"|not\s+in(?:\s+the)?){_B}[\s-]*[^,/;|]*"
)
# Postal codes inside a part ("IL 62701", "10117 Berlin", "EC2A 4NE", "M5X 1A9", "1011 AB") and
# numbered districts ("Lyon 3e"), removed; a part that still has digits or names a street is an
# address line and dropped.
POSTAL_PATTERN = (
    # Dutch codes first: "1017 CB Amsterdam" is no "1017" and a town "CB Amsterdam"; a country
    # letter before the digits ("D-80331", "SE-111 57"); Swedish, Czech and Greek "111 57",
    # Polish "00-001", Irish Eircodes "D02 X285"
    rf"{_B}(?:[0-9]{{4}}\s?[a-z]{{2}}|(?:[a-z]{{1,2}}-)?[0-9]{{4,6}}(?:-[0-9]{{3,4}})?"
    rf"|(?:[a-z]{{1,2}}-)?[0-9]{{3}}\s[0-9]{{2}}|[0-9]{{2}}-[0-9]{{3}}"
    rf"|[a-z][0-9]{{2}}\s?(?:[0-9][a-z0-9]{{3}}|[a-z][0-9][a-z0-9]{{2}}|[a-z]{{2}}[0-9][a-z0-9]|[a-z]{{3}}[0-9])"
    rf"|[a-z]{{1,2}}[0-9][a-z0-9]?\s*[0-9][a-z]{{2}}|[a-z][0-9][a-z]\s?[0-9][a-z][0-9]"
    # a city district by its number: French arrondissements ("Lyon 3e", "Paris 16eme")
    rf"|[0-9]{{1,2}}(?:e|er|eme|re)(?:\s+arrondissement)?"
    # Japanese postcodes ("Tokyo 103-0027", "〒150-0002")
    rf"|[0-9]{{3}}-[0-9]{{4}}){_B}"
)
# A full UK postcode ("CB2 1TN", "EC2A 4NE") says the place is in the United Kingdom: "Cambridge
# CB2 1TN" is Cambridge, England. (Canadian codes have a digit, letter, digit after the space.)
UK_POSTCODE_PATTERN = rf"{_B}[a-z]{{1,2}}[0-9][a-z0-9]?\s*[0-9][a-z]{{2}}{_B}"
# A part ending in a short letter-digit code: a UK outward postcode after its town ("London
# EC1A", "Leeds LS1"; Irish and Canadian codes have the shape too), or a hall, gate or room of
# an address ("Hall B2", "Gate A3"). `location_parts` keeps the town only when it is a known
# town of a country with such codes; else the part is an address line.
OUTWARD_CODE_PATTERN = r"^(.+?)\s+([a-z]{1,2}[0-9][a-z0-9]?)$"
# A part ending in a one- or two-digit number: a numbered district after its city ("Praha 4",
# "Budapest 13"), kept as the city when that is a known name, else an address line
# ("Friedrichstraße 68").
DISTRICT_NUMBER_PATTERN = r"^(.+?)\s+([0-9]{1,2})$"
ALNUM_POSTCODE_COUNTRIES = ("GB", "IE", "CA", "IM", "JE", "GG")
STREET_PATTERN = (
    rf"{_B}(?:st|street|str|strasse|straße|ave|avenue|avenida|av|rd|road|blvd|boulevard|pkwy"
    rf"|parkway|ln|lane|dr|drive|way|suite|ste|floor|fl|building|bldg|unit|plaza|place|pl"
    rf"|square|sq|rue|via|calle|carrera|platz|weg|allee|gasse|laan|straat|ul|ulica|piso|andar"
    rf"|level|tower|po box|box)(?:$|[^a-z])"
)
# Place names holding a noise word, renamed before noise is removed: "pacific" is a time zone,
# the Pacific Northwest a US region ("PNW" in countries.csv).
# A world region's adjective before a time-zone word is the region ("European timezone", "North
# American time zones", "Latin American hours").
_ZONE_WORDS = r"(?:time\s*zones?|timezones?|hours|time)"
NOISY_PLACE_NAMES: tuple[tuple[str, str], ...] = (
    (rf"{_B}pacific\s+northwest{_B}", "pnw"),
    (rf"{_B}european\s+{_ZONE_WORDS}{_B}", "europe"),
    (rf"{_B}(north|south|central|latin)\s+american\s+{_ZONE_WORDS}{_B}", "${1} america"),
)
# Removed before splitting (on folded text). Words only, never place names; "area" and
# "greater" stay because aliases use them ("bay area").
NOISE_PATTERNS: tuple[str, ...] = (
    # US time zones by their letters, two or more together: "ET/CT", "PT or MT" are no
    # Connecticut, Portugal or Montana (a code alone stays a place: "Hartford, CT")
    rf"{_B}[ecmp]t(?:\s*(?:/|,|&|or|and)\s*[ecmp]t)+{_B}",
    # office days, before "/" splits locations: "Hybrid (2 days/week)", "3x/week", "2-3 days"
    rf"{_B}[0-9](?:\s*(?:-|to)\s*[0-9])?\s*(?:days?|x)"
    rf"(?:\s*(?:/|a|per|each|every)\s*(?:week|wk|w))?{_B}",
    rf"{_B}{_WEEKDAYS}{_B}",
    rf"{_B}(?:remote|hybrid|onsite|on-site|office|based|located|work|working|anywhere)"
    rf"\s+(?:in|from|within|out of)(?:\s+the)?{_B}",
    rf"{_B}(?:(?:fully|100%|full|partially|mostly|flexible)\s+)?"
    rf"(?:{'|'.join(WORK_MODE_WORDS)}|in[- ]office|in[- ]person|wfh|work from home|telecommut\w*"
    rf"|remoto|remota|teletravail|teletrabajo|hibrido|hybride|home[- ]based|{_REMOTE_LOCAL})"
    rf"(?:[- ]?(?:first|friendly|only|optional|eligible|considered|possible|ok|available"
    rf"|opening|position|role|allowed|work))?{_B}",
    rf"{_B}(?:anywhere|worldwide|global|globally|distributed|multiple locations|various locations"
    rf"|{'|'.join(NO_PLACE_WORDS)}|hq|headquarters|campus|metropolitan area|metro area|metro"
    rf"|region|time ?zones?|hours|east coast|west coast|eastern|central|pacific|mountain time"
    rf"|(?:standard\s+)?time|nationwide|countrywide|statewide|wide"
    rf"|only|preferred|based|relocation|temporarily|initially|currently"
    rf"|et|pt|est|edt|pst|pdt|cst|cdt|mst|mdt|gmt|utc"
    rf"|cet|cest|bst|ist){_B}",
)


def _nfkd(text: str) -> str:
    """Hangul as folded text has it: NFKD splits syllables into jamo."""
    return unicodedata.normalize("NFKD", text)


# Japanese, Chinese and Korean addresses run from prefecture or province down to the ward with
# no separator ("東京都港区", "广东省深圳市南山区", "서울특별시 강남구"). A comma goes after a
# prefecture, province or city that another municipality follows (a second pass for the ward
# after the city); Korean words are separated parts; Korean metropolitan-city suffixes are
# dropped ("서울특별시" is "서울", Seoul). Applied to folded text.
CJK_UNIT_BREAK = r"(\p{Han}[都道府県省市])(\p{Han}{1,5}[市区町村县])"
HANGUL_WORD_BREAK = r"(\p{Hangul})\s+(\p{Hangul})"
KOREAN_CITY_SUFFIX = _nfkd("특별자치시|특별자치도|특별시|광역시")
# A ward or district of a city ("Minato-ku", "Gangnam-gu", "港区", "강남구", "浦东新区"), with the
# comma that joins it to the rest of its location: dropped when the location names more
# ("Minato-ku, Tokyo" and "東京都港区" are Tokyo; "港区" alone stays Minato).
_WARD = _nfkd(r"(?:区|구|[ -](?:ku|gu))")
WARD_BEFORE_COMMA = rf"[^,|]*{_WARD}\s*,"
WARD_AFTER_COMMA = rf",[^,|]*{_WARD}\s*$"
