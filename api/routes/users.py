"""Accounts (admins only): list, create, change role, disable, reset password."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from api.dependencies import ConnectionDep, IdentityDep, WriteConnectionDep
from api.schemas import PLAIN, Bool
from geo.accounts import users

router = APIRouter(tags=["accounts"])
Role = Literal["viewer", "official", "supervisor", "admin"]


class User(BaseModel):
    id: int
    username: str
    display_name: str | None
    role: Role
    disabled: bool
    created_at: str
    password_changed_at: str


class NewUser(BaseModel):
    username: str = Field(pattern=r"^[A-Za-z0-9_.@-]{1,64}$")
    password: str = Field(min_length=users.MIN_PASSWORD_LENGTH, max_length=256)
    role: Role = "viewer"
    display_name: str | None = Field(default=None, max_length=200, pattern=PLAIN)


class UserChange(BaseModel):
    role: Role | None = None
    disabled: Bool | None = None
    display_name: str | None = Field(default=None, max_length=200, pattern=PLAIN)
    password: str | None = Field(default=None, min_length=users.MIN_PASSWORD_LENGTH, max_length=256)


@router.get("/users", response_model=list[User])
def list_users(conn: ConnectionDep) -> list[dict]:
    return users.list_users(conn)


@router.post("/users", response_model=User, status_code=201)
def create_user(body: NewUser, conn: WriteConnectionDep, who: IdentityDep) -> dict:
    return users.create_user(conn, body.username, body.password, body.role, who.actor, body.display_name)


@router.patch("/users/{username}", response_model=User)
def change_user(
    username: Annotated[str, Path(pattern=users.USERNAME.pattern)],
    body: UserChange,
    conn: WriteConnectionDep,
    who: IdentityDep,
) -> dict:
    if body.password is not None:
        users.set_password(conn, username, body.password, who.actor)
    return users.update_user(
        conn, username, who.actor, role=body.role, disabled=body.disabled, display_name=body.display_name
    )


@router.delete("/users/{username}/lockout")
def lift_lockout(
    username: Annotated[str, Path(pattern=users.USERNAME.pattern)], conn: WriteConnectionDep, who: IdentityDep
) -> dict:
    """解除登录锁定 / Lift the login lockout of an account (from every address)."""
    return {"username": username, "lockouts_lifted": users.unlock(conn, username, who.actor)}
