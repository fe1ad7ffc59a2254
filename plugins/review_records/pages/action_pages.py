"""The actions page, ``actions/index.md``, and the pages its long lists continue on.

The page lists every action once, under its state (overdue first, then each
status) and lead agency, then the two lists a board looks at: complete without
evidence of impact, and assurance due. At 1,000 reviews that was 18,000 rows and
a 3.8 MB page. So when the whole page would hold more than :data:`ACTION_ROWS`
rows, each list longer than :data:`ACTIONS_INLINE` moves to pages of its own
(``actions/overdue.md``, ``actions/overdue-2.md``, …) of at most
:data:`ACTION_ROWS` rows, and the actions page keeps its heading (and anchor,
which the dashboard links to), the count and links to those pages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..model.classification import ACTION_STATUSES, assurance_due, is_overdue, needs_impact
from .assurance import (
    ACTION_HEADERS,
    PlacedAction,
    action_place,
    action_rows,
    agency_name,
    placed_actions,
    sorted_rows,
)
from .headings import slugify
from .html import Cell, Link, Table
from .parts import part_title, part_uri, split
from .sitemodel import SiteModel
from .views import SiteView

__all__ = [
    "ACTIONS_INLINE",
    "ACTIONS_URI",
    "ACTION_ROWS",
    "ActionGroup",
    "ActionList",
    "ActionListPage",
    "ActionsView",
    "action_list_uris",
    "action_pages",
]

ACTIONS_URI = "actions/index.md"
#: Rows on one page of actions: short actions are about 210 bytes a row and long
#: ones over 500, so 500 rows keep a page well under 500 KB with the theme.
ACTION_ROWS = 500
#: On a page that would be over :data:`ACTION_ROWS`, the longest a list can be and
#: still stay on it: ten lists of 50 are the page's 500 rows at most.
ACTIONS_INLINE = 50

_IMPACT = ("Complete without evidence of impact", "impact")
_ASSURANCE = ("Assurance due", "assurance")


@dataclass(frozen=True, slots=True)
class _Plan:
    """A list of the actions page before it is drawn: which actions, and where."""

    title: str
    slug: str
    items: list[PlacedAction]
    #: The state a state list's group headings name ("Overdue"); None for the two
    #: board lists, whose rows are not grouped.
    state: str | None


def _plans(site: SiteModel) -> list[_Plan]:
    placed = placed_actions(site)
    overdue = [item for item in placed if is_overdue(item[2], site.today)]
    late = {id(item[2]) for item in overdue}
    plans = [_Plan("Overdue", "overdue", overdue, "Overdue")]
    for status, title in ACTION_STATUSES.items():
        mine = [item for item in placed if item[2].status == status and id(item[2]) not in late]
        if mine:
            plans.append(_Plan(title, status, mine, title))
    impact = [item for item in placed if needs_impact(item[2])]
    assurance = [item for item in placed if assurance_due(item[2], site.today)]
    plans.append(_Plan(*_IMPACT, impact, None))
    plans.append(_Plan(*_ASSURANCE, assurance, None))
    return plans


def _own_pages(plans: list[_Plan]) -> dict[str, int]:
    """Slug → number of pages, for each list that leaves the actions page."""
    if sum(len(plan.items) for plan in plans) <= ACTION_ROWS:
        return {}
    return {
        plan.slug: len(split(plan.items, ACTION_ROWS))
        for plan in plans
        if len(plan.items) > ACTIONS_INLINE
    }


def _part_uri(slug: str, number: int) -> str:
    return part_uri(f"actions/{slug}", number)


def action_list_uris(site: SiteModel) -> list[str]:
    """The source path of every page a long list of the actions page continues on."""
    return [
        _part_uri(slug, number)
        for slug, parts in _own_pages(_plans(site)).items()
        for number in range(1, parts + 1)
    ]


@dataclass(frozen=True, slots=True)
class ActionGroup:
    """Actions under one heading: a lead agency in a state (no heading in a board list)."""

    heading: str
    table: Table


@dataclass(frozen=True, slots=True)
class ActionList:
    """One list of the actions page: its rows there, or links to its own pages."""

    title: str
    count: int
    #: Empty when the list is on pages of its own.
    groups: list[ActionGroup]
    #: The pages the list is on, when it is not on the actions page.
    pages: list[Link]


@dataclass(frozen=True, slots=True)
class ActionsView:
    """What ``actions.html`` shows (given to the template as ``actions``)."""

    count: int
    overdue: int
    impact: int
    assurance: int
    #: Overdue, then each status that has actions.
    states: list[ActionList]
    impact_list: ActionList
    assurance_list: ActionList
    agencies: Table | None


@dataclass(frozen=True, slots=True)
class ActionListPage:
    """What ``action-list.html`` shows (as ``actions``): a long list, or part of it."""

    title: str
    #: The list's name, as the actions page heads it ("Overdue").
    list_title: str
    count: int
    first: int
    last: int
    groups: list[ActionGroup]
    #: Every page of the list, this one included (one link when it has one page).
    parts: list[Link]
    #: Back to the list's heading on the actions page.
    back: Link


_IMPACT_HEADERS = ["Action", "Lead agency", "Evidence of completion", "Where"]
_ASSURANCE_HEADERS = ["Action", "Assured by", "Last assured", "Next assurance was due", "Where"]
_NO_GROUP = ""


def _impact_rows(site: SiteModel, uri: str, items: list[PlacedAction]) -> list[list[Cell]]:
    return [
        [
            action.action,
            agency_name(site, action.lead_agency),
            action.evidence_of_completion or "—",
            action_place(site, uri, review, number),
        ]
        for review, number, action in items
    ]


def _assurance_rows(site: SiteModel, uri: str, items: list[PlacedAction]) -> list[list[Cell]]:
    return [
        [
            action.action,
            action.assured_by or "—",
            action.assured_on or "—",
            action.next_assurance_on or "—",
            action_place(site, uri, review, number),
        ]
        for review, number, action in items
    ]


def _headers_and_rows(
    plan: _Plan,
) -> tuple[list[str], Callable[[SiteModel, str, list[PlacedAction]], list[list[Cell]]]]:
    if plan.slug == _IMPACT[1]:
        return _IMPACT_HEADERS, _impact_rows
    if plan.slug == _ASSURANCE[1]:
        return _ASSURANCE_HEADERS, _assurance_rows
    return ACTION_HEADERS, action_rows


def _grouped(site: SiteModel, uri: str, plan: _Plan) -> Iterator[tuple[str, list[Cell]]]:
    """(group heading, row) for every action of ``plan``, in the order they are listed."""
    _, rows = _headers_and_rows(plan)
    if plan.state is None:
        for row in sorted_rows(rows(site, uri, plan.items)):
            yield _NO_GROUP, row
        return
    groups: dict[str, list[PlacedAction]] = {}
    for item in plan.items:
        groups.setdefault(agency_name(site, item[2].lead_agency), []).append(item)
    for name in sorted(groups, key=lambda n: (n == agency_name(site, None), n)):
        heading = f"{name} ({plan.state.lower()})"
        for row in sorted_rows(rows(site, uri, groups[name])):
            yield heading, row


def _groups(headers: list[str], rows: list[tuple[str, list[Cell]]]) -> list[ActionGroup]:
    """Consecutive rows under one heading as one group each."""
    groups: list[tuple[str, list[list[Cell]]]] = []
    for heading, row in rows:
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append(row)
    return [ActionGroup(heading, Table(headers, mine)) for heading, mine in groups]


def _agency_summary(site: SiteModel, uri: str) -> Table | None:
    placed = placed_actions(site)
    if not any(action.lead_agency for _, _, action in placed):
        return None
    counts: dict[str | None, Counter[str]] = {}
    for _, _, action in placed:
        count = counts.setdefault(action.lead_agency, Counter())
        count["all"] += 1
        count["overdue"] += is_overdue(action, site.today)
        count["at-risk"] += action.status == "at-risk"
        count["impact"] += needs_impact(action)
        count["assurance"] += assurance_due(action, site.today)
    known = site.collection.vocabulary.agencies

    def name(slug: str | None) -> Cell:
        # A link on each named agency also gives a keyboard user a way into the
        # table when a narrow screen makes it scroll.
        if slug is None or slug not in known:
            return agency_name(site, slug)
        return site.link(uri, f"agencies/{slug}.md", known[slug])

    rows: list[list[Cell]] = [
        [name(slug), *(str(counts[slug][key]) for key in _SUMMARY_KEYS)]
        for slug in sorted(counts, key=lambda s: (s is None, agency_name(site, s)))
    ]
    headers = ["Lead agency", "Actions", "Overdue", "At risk", "No evidence of impact"]
    return Table([*headers, "Assurance due"], rows)


_SUMMARY_KEYS = ("all", "overdue", "at-risk", "impact", "assurance")


def _list_view(site: SiteModel, plan: _Plan, parts: int) -> ActionList:
    headers, _ = _headers_and_rows(plan)
    if parts:
        pages = _part_links(site, ACTIONS_URI, plan, parts)
        return ActionList(plan.title, len(plan.items), [], pages)
    groups = _groups(headers, list(_grouped(site, ACTIONS_URI, plan)))
    return ActionList(plan.title, len(plan.items), groups, [])


def _part_links(site: SiteModel, uri: str, plan: _Plan, parts: int) -> list[Link]:
    def words(number: int) -> str:
        first = (number - 1) * ACTION_ROWS + 1
        last = min(number * ACTION_ROWS, len(plan.items))
        return f"{plan.title}, {first:,} to {last:,}"

    return [site.link(uri, _part_uri(plan.slug, n), words(n)) for n in range(1, parts + 1)]


def _list_pages(site: SiteModel, plan: _Plan, parts: int) -> dict[str, str]:
    headers, _ = _headers_and_rows(plan)
    # Every part is at the same depth, so links made for the first serve them all.
    rows = list(_grouped(site, _part_uri(plan.slug, 1), plan))
    pages: dict[str, str] = {}
    for number, mine in enumerate(split(rows, ACTION_ROWS), start=1):
        uri = _part_uri(plan.slug, number)
        first = (number - 1) * ACTION_ROWS
        view = ActionListPage(
            title=part_title(f"Actions: {plan.title.lower()}", number, parts),
            list_title=plan.title,
            count=len(rows),
            first=first + 1,
            last=first + len(mine),
            groups=_groups(headers, list(mine)),
            parts=_part_links(site, uri, plan, parts),
            back=site.link(uri, ACTIONS_URI, "the actions page", slugify(plan.title)),
        )
        pages[uri] = site.templates.render(
            "action-list.html", actions=view, site=SiteView(site, uri)
        )
    return pages


def action_pages(site: SiteModel) -> dict[str, str]:
    """``actions/index.md`` from ``actions.html``, then each long list's own pages."""
    plans = _plans(site)
    own = _own_pages(plans)
    lists = [_list_view(site, plan, own.get(plan.slug, 0)) for plan in plans]
    states, impact, assurance = lists[:-2], lists[-2], lists[-1]
    view = ActionsView(
        count=len(placed_actions(site)),
        overdue=states[0].count,
        impact=impact.count,
        assurance=assurance.count,
        states=states,
        impact_list=impact,
        assurance_list=assurance,
        agencies=_agency_summary(site, ACTIONS_URI),
    )
    pages: dict[str, str] = {
        ACTIONS_URI: site.templates.render(
            "actions.html", actions=view, site=SiteView(site, ACTIONS_URI)
        )
    }
    for plan in plans:
        if plan.slug in own:
            pages.update(_list_pages(site, plan, own[plan.slug]))
    return pages
