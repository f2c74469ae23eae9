"""Probable identifiers in an assignment's text, flagged before it is submitted.

A flag is a prompt, not a verdict: the student checks each one, then replaces the file or
confirms that the text is pseudonymised.
"""

import datetime
import re

from django.utils import timezone

MAX_FLAGS = 50

PRISON_NUMBER = re.compile(r"\b[A-Z]\d{4}[A-Z]{2}\b")
NHS_NUMBER = re.compile(r"(?<![\d-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d-])")
POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[A-Z]{2}\b")
MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b")
WRITTEN_DATE = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTHS})\.?,?\s+(\d{{4}})\b", re.IGNORECASE
)
# "DOB", "date of birth" or "born (on)" just before a date, with perhaps a colon or dash.
BIRTH_WORDS_BEFORE = re.compile(
    r"\b(?:d\.?o\.?b|date of birth|born(?: on)?)\.?\s*[:\-]?\s*$", re.IGNORECASE
)

KIND_LABELS = {
    "prison_number": "Prison number",
    "nhs_number": "NHS number",
    "date_of_birth": "Possible date of birth",
    "postcode": "Postcode",
}


def confidentiality_flags(text):
    """[{"kind": ..., "label": ..., "text": ...}] for each distinct probable identifier."""
    found = []
    found += [("prison_number", m.group(0)) for m in PRISON_NUMBER.finditer(text)]
    found += [
        ("nhs_number", m.group(0))
        for m in NHS_NUMBER.finditer(text)
        if nhs_number_is_valid("".join(m.groups()))
    ]
    found += [("date_of_birth", date_text) for date_text in _possible_birth_dates(text)]
    found += [("postcode", m.group(0)) for m in POSTCODE.finditer(text)]
    flags, seen = [], set()
    for kind, match in found:
        if (kind, match) not in seen:
            seen.add((kind, match))
            flags.append({"kind": kind, "label": KIND_LABELS[kind], "text": match})
    return flags[:MAX_FLAGS]


def nhs_number_is_valid(digits):
    """The NHS number's modulus 11 check digit."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    weights = range(10, 1, -1)
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], weights, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _possible_birth_dates(text):
    """Full dates whose year makes their subject between 16 and 100 years old today, or any full
    date written right after "DOB", "date of birth" or "born"."""
    this_year = timezone.localdate().year
    for match in [*NUMERIC_DATE.finditer(text), *WRITTEN_DATE.finditer(text)]:
        year = _full_year(match.group(3))
        before = text[max(match.start() - 25, 0) : match.start()]
        plausible = BIRTH_WORDS_BEFORE.search(before) or this_year - 100 <= year <= this_year - 16
        if plausible and _is_real_date(match):
            yield match.group(0)


def _full_year(year_text):
    year = int(year_text)
    if len(year_text) == 2:
        # 05/03/85 is 1985; 05/03/12 is 2012.
        year += 2000 if year <= timezone.localdate().year % 100 else 1900
    return year


def _is_real_date(match):
    day, month = int(match.group(1)), match.group(2)
    if month.isdigit():
        month_number = int(month)
    else:
        month_number = [m[:3] for m in MONTHS.split("|")].index(month[:3].lower()) + 1
    try:
        datetime.date(_full_year(match.group(3)), month_number, day)
    except ValueError:
        return False
    return True
