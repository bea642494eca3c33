"""Assets an inspection looked at (督查资产核查): each found in use (在用) or idle (闲置).

An inspection may only record assets that stand at the site it visited. Recording an idle
asset also sets the inspection's ``idle_assets`` finding, so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, text

from geo import vocab
from geo.errors import InvalidInput

ASSETS_JSON = """coalesce((SELECT json_agg(json_build_object('asset_id', a.id, 'ref', a.ref, 'description', a.description,
                 'status', ia.status, 'note', ia.note) ORDER BY a.ref)
                 FROM inspection_asset ia JOIN asset a ON a.id = ia.asset_id WHERE ia.inspection_id = i.id), '[]'::json)"""


def checked(conn: Connection, site_id: int, assets: Sequence[dict]) -> list[dict]:
    """``assets`` as rows to store: every asset known, at ``site_id``, found in use or idle; else InvalidInput."""
    problems, rows, seen = [], [], set()
    at_site: dict[int, int] = dict(
        conn.execute(
            text("SELECT id, site_id FROM asset WHERE id = ANY(:ids)"), {"ids": [int(a["asset_id"]) for a in assets]}
        ).all()
    )
    for n, a in enumerate(assets, start=1):
        asset_id = int(a["asset_id"])
        status = vocab.ASSET_STATUS.parse(a.get("status"))
        if asset_id not in at_site:
            problems.append(f"第 {n} 项：资产 {asset_id} 不存在 / item {n}: no asset {asset_id}")
        elif at_site[asset_id] != site_id:
            problems.append(
                f"第 {n} 项：资产 {asset_id} 不在本次督查的站点 / item {n}: asset {asset_id} is not at the inspected site"
            )
        if status not in vocab.ASSET_FOUND:
            problems.append(
                f"第 {n} 项：发现状态“{a.get('status')}”无效，可选：在用、闲置 / item {n}: "
                f"status '{a.get('status')}' must be in_use or idle"
            )
        if asset_id in seen:
            problems.append(f"第 {n} 项：资产 {asset_id} 重复 / item {n}: asset {asset_id} given twice")
        seen.add(asset_id)
        rows.append({"asset_id": asset_id, "status": status, "note": a.get("note")})
    if problems:
        raise InvalidInput(
            "资产核查有误，未保存 / the asset findings are wrong; nothing was saved\n" + "\n".join(problems),
            detail={"problems": problems},
        )
    return rows


def replace(conn: Connection, inspection_id: int, rows: Sequence[dict], source: str = "field") -> None:
    """Store ``rows`` (from :func:`checked`) as the inspection's asset findings, replacing earlier ones."""
    conn.execute(text("DELETE FROM inspection_asset WHERE inspection_id = :id"), {"id": inspection_id})
    if rows:
        conn.execute(
            text(
                "INSERT INTO inspection_asset (inspection_id, asset_id, status, note, source) "
                "VALUES (:inspection_id, :asset_id, :status, :note, :source)"
            ),
            [{**r, "inspection_id": inspection_id, "source": source} for r in rows],
        )
    if any(r["status"] == "idle" for r in rows):
        conn.execute(
            text("UPDATE inspection SET idle_assets = true WHERE id = :id AND NOT idle_assets"), {"id": inspection_id}
        )
