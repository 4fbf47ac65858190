"""Pure computations on volunteering hours and answer delays (no Django import).

* ``validate_hours`` — the rules a logged hours entry must respect;
* ``per_association`` — validated / pending minutes per association (volunteer dashboard);
* ``yearly_summary`` — the per-volunteer yearly summary an association needs to attest the
  declarations its volunteers make for the Compte d'engagement citoyen (decision 0821);
* ``median_response_days`` — the "usual response time" of an association.

Everything takes plain data and returns plain data; the Django side adapts (selectors).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from solidaires.core import french

MINUTES_PER_DAY = 24 * 60
# Compte d'engagement citoyen (decree 2016-1970, see decision 0821): 200 hours in the calendar
# year in one or several associations, of which at least 100 hours in the same association.
CEC_TOTAL_MINUTES = 200 * 60
CEC_SAME_ASSOCIATION_MINUTES = 100 * 60


def format_minutes(minutes: int) -> str:
    """``210`` → ``"3 h 30"``, ``180`` → ``"3 h"``, ``45`` → ``"45 min"`` (French style)."""
    minutes = int(minutes)
    hours, rest = divmod(abs(minutes), 60)
    sign = "-" if minutes < 0 else ""
    if hours and rest:
        return f"{sign}{hours} h {rest:02d}"
    if hours:
        return f"{sign}{hours} h"
    return f"{sign}{rest} min"


def validate_hours(
    *,
    day: date,
    minutes: int,
    today: date,
    earliest: date | None,
    already_logged_that_day: int = 0,
    engaged_on: date | None = None,
    proposed: bool = False,
) -> dict[str, str]:
    """French error messages keyed by field ("day", "minutes"); empty when the entry is valid.

    ``earliest`` is the first day hours may be logged (the mission start minus one day), or None
    for a flexible mission. ``engaged_on`` is the day the engagement began (the person applied,
    or the association ``proposed`` the mission): no hours before it (issue 11).
    ``already_logged_that_day`` counts the volunteer's other entries (pending or validated) on
    the same day for the same engagement.
    """
    errors: dict[str, str] = {}
    if day > today:
        errors["day"] = "Indiquez un jour passé ou aujourd'hui : on ne déclare pas des heures à venir."
    elif engaged_on is not None and day < engaged_on:
        errors["day"] = (
            f"{'Vous avez accepté la proposition de l’association' if proposed else 'Vous avez candidaté'} "
            f"le {engaged_on:%d/%m/%Y} : indiquez un jour à partir de cette date."
        )
    elif earliest is not None and day < earliest:
        errors["day"] = (
            f"La mission a commencé le {earliest + timedelta(days=1):%d/%m/%Y} : "
            "indiquez un jour à partir de cette date."
        )
    if minutes <= 0:
        errors["minutes"] = "Indiquez une durée d'au moins une minute."
    elif minutes > MINUTES_PER_DAY:
        errors["minutes"] = "Une journée compte 24 heures au plus."
    elif minutes + already_logged_that_day > MINUTES_PER_DAY:
        left = max(MINUTES_PER_DAY - already_logged_that_day, 0)
        errors["minutes"] = (
            f"Vous avez déjà déclaré {format_minutes(already_logged_that_day)} ce jour-là : "
            f"il reste au plus {format_minutes(left)} à déclarer."
            if left
            else "Vous avez déjà déclaré 24 heures ce jour-là."
        )
    return errors


@dataclass(frozen=True)
class HoursRow:
    """One hours entry, flattened."""

    volunteer_id: int
    volunteer_name: str
    association_id: int | None
    association_name: str
    mission_title: str
    day: date
    minutes: int
    validated: bool


@dataclass
class AssociationHours:
    association_id: int | None
    association_name: str
    validated_minutes: int = 0
    pending_minutes: int = 0

    @property
    def validated_label(self) -> str:
        return format_minutes(self.validated_minutes)

    @property
    def pending_label(self) -> str:
        return format_minutes(self.pending_minutes)


def per_association(rows: Iterable[HoursRow], *, year: int) -> list[AssociationHours]:
    """Validated and pending minutes of one volunteer per association in ``year`` (by name)."""
    totals: dict[tuple[int | None, str], AssociationHours] = {}
    for row in rows:
        if row.day.year != year:
            continue
        key = (row.association_id, row.association_name)
        item = totals.setdefault(key, AssociationHours(row.association_id, row.association_name))
        if row.validated:
            item.validated_minutes += row.minutes
        else:
            item.pending_minutes += row.minutes
    return sorted(totals.values(), key=lambda a: (-a.validated_minutes, a.association_name))


@dataclass
class VolunteerYear:
    volunteer_id: int
    volunteer_name: str
    minutes: int = 0
    days: int = 0
    missions: list[str] = field(default_factory=list)

    @property
    def hours_label(self) -> str:
        return format_minutes(self.minutes)

    @property
    def decimal_hours(self) -> str:
        """Hours with two decimals and a comma, as the declaration form takes whole hours."""
        return f"{self.minutes / 60:.2f}".replace(".", ",")

    @property
    def whole_hours(self) -> int:
        """Whole hours (rounded down): the Compte bénévole asks for a number of hours."""
        return self.minutes // 60

    @property
    def reaches_cec_share(self) -> bool:
        """At least 100 hours in this association: its share of the CEC conditions."""
        return self.minutes >= CEC_SAME_ASSOCIATION_MINUTES

    @property
    def reaches_cec_total_here(self) -> bool:
        """200 hours or more in this association alone."""
        return self.minutes >= CEC_TOTAL_MINUTES


def yearly_summary(rows: Iterable[HoursRow], *, year: int) -> list[VolunteerYear]:
    """Validated minutes per volunteer in ``year`` for one association, most hours first."""
    people: dict[int, VolunteerYear] = {}
    days: dict[int, set[date]] = {}
    for row in rows:
        if not row.validated or row.day.year != year:
            continue
        item = people.setdefault(row.volunteer_id, VolunteerYear(row.volunteer_id, row.volunteer_name))
        item.minutes += row.minutes
        days.setdefault(row.volunteer_id, set()).add(row.day)
        if row.mission_title not in item.missions:
            item.missions.append(row.mission_title)
    for volunteer_id, item in people.items():
        item.days = len(days[volunteer_id])
        item.missions.sort()
    return sorted(people.values(), key=lambda v: (-v.minutes, v.volunteer_name, v.volunteer_id))


def cec_deadlines(year: int) -> tuple[date, date]:
    """(the volunteer declares before, the association's CEC validator attests before)."""
    return date(year + 1, 6, 30), date(year + 1, 12, 31)


def median_response_days(pairs: Iterable[tuple[datetime, datetime]]) -> float | None:
    """Median delay in days between an application and its first answer; None without data."""
    delays = [(answered - applied).total_seconds() / 86400 for applied, answered in pairs]
    delays = [d for d in delays if d >= 0]
    if not delays:
        return None
    return float(statistics.median(delays))


def response_time_label(days: float | None, *, sample_size: int, minimum_sample: int = 3) -> str:
    """``"Répond en général sous 2 jours"``; empty when there are too few answers to say."""
    if days is None or sample_size < minimum_sample:
        return ""
    if days < 1:
        return "Répond en général en moins d'un jour"
    whole = int(-(-days // 1))  # ceiling
    return f"Répond en général sous {french.days(whole)}"


def unanswered_stage(
    applied_at: datetime, now: datetime, *, remind_days: int = 5, escalate_days: int = 10
) -> int:
    """0 (fresh), 1 (remind the association) or 2 (show to the agents) for an open application."""
    age = now - applied_at
    if age >= timedelta(days=escalate_days):
        return 2
    if age >= timedelta(days=remind_days):
        return 1
    return 0


def age_in_days(since: datetime, now: datetime) -> int:
    return max((now - since).days, 0)


def period_bounds(start: date | None, end: date | None, *, today: date) -> tuple[date, date]:
    """Attestation period: defaults to 1 January of this year → today; swapped if reversed."""
    first = start or date(today.year, 1, 1)
    last = end or today
    if last < first:
        first, last = last, first
    return first, last


def total_minutes(values: Sequence[int]) -> int:
    return sum(int(v) for v in values)


# Age requirements of a mission (decision 0822) -------------------------------------------

AGE_OK = "ok"
AGE_CONFIRM = "confirm"  # birth year unknown: the person confirms they are old enough
AGE_CONSENT = "consent"  # a minor: the parents' agreement is needed
AGE_TOO_YOUNG = "too_young"
ADULT_AGE = 18


def age_requirement(
    *, birth_year: int | None, this_year: int, min_age: int | None, consent_below_18: bool
) -> str:
    """What a person must do to apply, from their birth year (age reached this year).

    * no age rule on the mission → ``ok``;
    * birth year unknown → ``confirm`` (a checkbox "J'ai au moins N ans");
    * under the minimum age: ``consent`` for a 15-17-year-old when the minimum is 18 or more
      and the mission takes minors with their parents' agreement, otherwise ``too_young``;
    * a minor on a mission that asks for the parents' agreement → ``consent``.
    """
    if min_age is None and not consent_below_18:
        return AGE_OK
    if birth_year is None:
        return AGE_CONFIRM if min_age else AGE_OK
    age = this_year - birth_year
    if min_age is not None and age < min_age:
        if consent_below_18 and min_age >= ADULT_AGE and age >= ADULT_AGE - 3:
            return AGE_CONSENT
        return AGE_TOO_YOUNG
    if age < ADULT_AGE and consent_below_18:
        return AGE_CONSENT
    return AGE_OK
