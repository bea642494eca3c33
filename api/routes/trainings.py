"""Training sessions (培训场次) staff record: they feed the training and satisfaction targets."""

from __future__ import annotations

import uuid
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, model_validator

from api.dependencies import WriteConnectionDep
from api.schemas import TEXT, Int, IsoDate, Number
from geo.io.entries import record

router = APIRouter(tags=["indicators"])


class TrainingIn(BaseModel):
    """A village-level session names its village (``village_code``, 12 digits); an unknown village is 404."""

    # What the validator below checks, said in the schema: level=county, or a village_code.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"properties": {"level": {"const": "county"}}},
                {
                    "required": ["village_code"],
                    "properties": {"village_code": {"type": "string", "pattern": r"^\d{12}$"}},
                },
            ]
        }
    )

    held_on: IsoDate
    title: str = Field(min_length=1, max_length=200, pattern=TEXT)
    level: Literal["county", "village"] = Field(description="county 市级 / village 村级")
    village_code: str | None = Field(
        default=None, pattern=r"^\d{12}$", description="村级培训的村代码 / village code for village-level sessions"
    )
    attendees: Int = Field(ge=0, le=1_000_000, description="参训人次 / person-times")
    satisfaction_pct: Number | None = Field(default=None, ge=0, le=100)
    ref: str | None = Field(
        default=None,
        max_length=100,
        pattern=TEXT,
        description="稳定编号，重复提交时更新 / stable key; resubmitting updates",
    )
    entered_by: str = Field(default="api", min_length=1, max_length=100, pattern=TEXT)

    @model_validator(mode="after")
    def _village_named(self) -> TrainingIn:
        if self.level == "village" and not self.village_code:
            raise ValueError("村级培训须填写村代码 village_code / a village-level session needs its village_code")
        return self


@router.post("/trainings", status_code=201)
def add_training(session: TrainingIn, conn: WriteConnectionDep) -> dict:
    """登记一期培训 / Record one training session and its attendance."""
    row = session.model_dump(exclude={"entered_by"})
    row["ref"] = row["ref"] or f"api-{uuid.uuid4().hex[:12]}"
    report = record(conn, "training_session", row, actor=session.entered_by)
    return {
        "status": "saved",
        **row,
        "held_on": row["held_on"].isoformat(),
        "inserted": report.inserted,
        "updated": report.updated,
    }
