"""What each role may not see: one table, applied to every JSON/GeoJSON answer.

Household-level data on poverty-alleviated families is personal data: viewers and embeds
never see a household, nor a village's household counts (a village of a few hundred
households is small enough to point at families); they see totals and shares per township
and for the county. Inspectors' personal details stay with
officials and above; unannounced-inspection plans with supervisors and admins.
Layers and pages added later are covered as long as their field names are listed here; which
layers and maps a role may open at all is declared on each ``Layer`` and ``MapSpec`` (``min_role``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from geo.vocab import role_rank

# field name -> the lowest role that may see it
FIELD_MIN_ROLE: dict[str, str] = {
    # household-level (脱贫户) records: names, identity numbers, contacts, addresses
    **{
        name: "official"
        for name in (
            "household",
            "household_id",
            "household_name",
            "household_head",
            "householder",
            "head_of_household",
            "household_members",
            "household_list",
            "households_list",
            "members",
            "id_card",
            "id_number",
            "id_no",
            "identity_number",
            "phone",
            "mobile",
            "telephone",
            "address",
            "household_address",
            "income",
            "household_income",
            "bank_account",
        )
    },
    # inspectors and account holders: who they are and how to reach them
    **{
        name: "official"
        for name in (
            "inspector",
            "inspectors",
            "inspector_name",
            "inspector_id",
            "inspected_by",
            "recorded_by",
            "created_by",
            "updated_by",
            "actor",
            "team_members",
            "last_inspector",
        )
    },
    # fund payments: who was paid and the accounting voucher (viewers see per-township totals only)
    **{name: "official" for name in ("payee", "payees", "voucher_ref", "voucher", "vouchers")},
    **{name: "supervisor" for name in ("inspector_phone", "inspector_mobile", "inspector_contact", "contact")},
}

# Fields private in some layers only (layer name -> field -> the lowest role that may see it):
# the same names on township layers (totals and shares) stay public. A name listed here must be
# a registered layer (tests/api/test_privacy.py checks it).
LAYER_FIELD_MIN_ROLE: dict[str, dict[str, str]] = {
    "villages": {"households": "official", "poverty_households": "official"},
    "coverage_villages": {"poverty_households": "official"},
    # households a station in this village would bring within the rule: its own and its neighbours'
    "station_suggestions": {"poverty_households_added": "official"},
}


@dataclass(frozen=True)
class RowRule:
    """Rows (list items or GeoJSON features) matching ``test`` are dropped below ``min_role``."""

    name: str
    min_role: str
    test: Callable[[dict], bool]


def _is_unannounced_plan(row: dict) -> bool:
    inner = row.get("properties")
    props: dict = inner if isinstance(inner, dict) else row
    if props.get("mode") != "unannounced":
        return False
    return (
        bool(props.get("planned"))
        or props.get("status") in ("planned", "scheduled")
        or "stops" in props
        or _in_future(props.get("visited_at"))
    )


def _in_future(value: object) -> bool:
    """A visit time after now: a forward-dated 暗访 record is a plan (stored before such times
    were refused, or imported)."""
    if not isinstance(value, str):
        return False
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when > dt.datetime.now(dt.UTC)


ROW_RULES: tuple[RowRule, ...] = (
    RowRule("unannounced inspection plan / 暗访计划", "supervisor", _is_unannounced_plan),
)


# the properties a row rule reads: a row without them can never be dropped by one
ROW_RULE_FIELDS: frozenset[str] = frozenset({"mode", "planned", "status", "stops"})


def rows_may_be_hidden(fields: list[str], role: str | None) -> bool:
    """Whether a row rule could drop rows that carry only ``fields`` for ``role``: when not, an
    answer built from the visible fields alone needs no second pass (streamed answers)."""
    rules = [r for r in ROW_RULES if rank(role) < rank(r.min_role)]
    return bool(rules) and "mode" in fields and bool((ROW_RULE_FIELDS - {"mode"}) & set(fields))


def rank(role: str | None) -> int:
    """A role's rank for comparisons; anonymous and unknown roles count as viewers."""
    return max(role_rank(role), role_rank("viewer"))


def hidden_fields(role: str | None, layer: str | None = None) -> frozenset[str]:
    """Field names ``role`` may not see (anonymous counts as viewer), in ``layer`` when given."""
    table = {**FIELD_MIN_ROLE, **LAYER_FIELD_MIN_ROLE.get(layer or "", {})}
    return frozenset(f for f, min_role in table.items() if rank(role) < rank(min_role))


def visible(fields: list[str], role: str | None, layer: str | None = None) -> list[str]:
    """For page builders: the popup/table fields (of ``layer`` when given) ``role`` may see."""
    hidden = hidden_fields(role, layer)
    return [f for f in fields if f not in hidden]


def scrub(value: Any, role: str | None, layer: str | None = None) -> Any:
    """A copy of a JSON value (of ``layer`` when given) without the fields and rows ``role`` may not see."""
    hidden = hidden_fields(role, layer)
    rules = [r for r in ROW_RULES if rank(role) < rank(r.min_role)]
    return _scrub(value, hidden, rules)


def hides_row(row: dict, role: str | None) -> bool:
    """True when a row rule keeps this one row (e.g. a single record) from ``role``."""
    return any(r.test(row) for r in ROW_RULES if rank(role) < rank(r.min_role))


def _scrub(value: Any, hidden: frozenset[str], rules: list[RowRule]) -> Any:
    if isinstance(value, dict):
        return {k: _scrub(v, hidden, rules) for k, v in value.items() if k not in hidden}
    if isinstance(value, list):
        return [_scrub(v, hidden, rules) for v in value if not (isinstance(v, dict) and any(r.test(v) for r in rules))]
    return value


def might_need_scrub(body: str, role: str | None, layer: str | None = None) -> bool:
    """Cheap pre-check so large public layers are not parsed when nothing in them is private."""
    if rank(role) >= rank("admin"):
        return False
    markers = [f'"{f}"' for f in hidden_fields(role, layer)]
    if rank(role) < rank("supervisor"):
        markers.append('"unannounced"')
    return any(m in body for m in markers)
