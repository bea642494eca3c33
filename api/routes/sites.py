"""Change a site's name, status or opening date (admins); audited with before and after."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from api.dependencies import IdentityDep, WriteConnectionDep
from api.schemas import PLAIN, IsoDate
from geo.store.sites import update_site

router = APIRouter(tags=["data"])


class SiteChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, min_length=1, max_length=200, pattern=PLAIN)
    status: Literal["planned", "building", "operating", "suspended", "closed"] | None = None
    opened_on: IsoDate | None = None


@router.patch("/sites/{site_id}")
def change_site(
    site_id: Annotated[int, Path(ge=1, le=2_147_483_647)], body: SiteChange, conn: WriteConnectionDep, who: IdentityDep
) -> dict:
    return update_site(conn, site_id, body.model_dump(exclude_none=True), who.actor)
