"""A registry of named things (layers, maps): refuses to overwrite a name, answers 404 for an unknown one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, Protocol, TypeVar

from geo.errors import NotFound


class Named(Protocol):
    @property
    def name(self) -> str: ...


T = TypeVar("T", bound=Named)


class Registry(Generic[T]):
    """Things by name, in registration order. ``what`` is the (zh, en) word used in errors."""

    def __init__(self, what_zh: str, what_en: str) -> None:
        self._what = (what_zh, what_en)
        self._items: dict[str, T] = {}

    def register(self, item: T) -> T:
        if item.name in self._items:
            raise ValueError(f"{self._what[1]} {item.name!r} is already registered")
        self._items[item.name] = item
        return item

    def get(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            names = ", ".join(self._items)
            zh, en = self._what
            raise NotFound(
                f"没有名为“{name}”的{zh}。可用{zh}：{names}\nNo {en} named '{name}'. {en.capitalize()}s: {names}",
                detail={"valid": list(self._items)},
            ) from None

    def all(self) -> list[T]:
        return list(self._items.values())

    def names(self) -> list[str]:
        return list(self._items)

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[T]:
        return iter(self._items.values())
