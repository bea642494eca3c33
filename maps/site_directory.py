"""A text directory of the sites, by township, for the start page (searchable, no map needed)."""

from __future__ import annotations

import html
from collections import defaultdict

from sqlalchemy.engine import Connection

from geo.vocab import LIST_SEP, SITE_KIND, in_brackets, word
from layers import registry
from maps.i18n import choose, t

_HEADING = ("站点名录", "Site directory")
_UNKNOWN = ("未归属乡镇", "No township")
_DATE = ("数据日期", "Data as of")


def site_directory(conn: Connection, lang: str, data_date: str) -> str:
    """HTML fragment: every site grouped by township, with its kind; says so when rows are demo data."""
    layer = registry.get("sites")
    by_township: dict[str, list[dict]] = defaultdict(list)
    for feature in layer.features(conn, precision=0):
        props = feature["properties"]
        by_township[props.get("township_name") or choose(*_UNKNOWN, lang)].append(props)
    items = "".join(
        f"<li><b>{html.escape(township)}</b>: "
        + word(LIST_SEP, lang).join(
            html.escape(p["name"] + in_brackets(SITE_KIND.word(p["kind"], lang), lang))
            for p in sorted(sites, key=lambda p: p["name"])
        )
        + "</li>"
        for township, sites in sorted(by_township.items())
    )
    demo = f"<p class='fm-demo'>{html.escape(t('demo', lang))}</p>" if layer.has_demo(conn) else ""
    return (
        f"<h2>{choose(*_HEADING, lang)}</h2>{demo}<p><small>{choose(*_DATE, lang)}: {html.escape(data_date)}</small></p>"
        f"<ul class='sites'>{items}</ul>"
    )
