"""The OpenAPI schema says what every route may answer, errors included.

Every route can be refused (401/403), be too large (413), get bad parameters (422) or meet a
database outage (503), and all of them answer ``{"error": "..."}``; FastAPI's generated 422
schema (``{"detail": [...]}``) is replaced because ``api/errors.py`` answers otherwise.
Added here once, so routers added later are described correctly without repeating it.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from geo.privacy import FIELD_MIN_ROLE

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"error": {"type": "string"}, "login": {"type": "string"}},
    "required": ["error"],
}
COMMON = {
    "400": "请求格式错误 / Malformed request body",
    "401": "需要登录 / Not logged in, or the token is invalid",
    "403": "角色不够 / The role is not allowed",
    "404": "不存在 / Not found",
    "409": "与已有数据冲突 / Conflicts with existing data",
    "429": "尝试次数过多 / Too many attempts",
    "413": "请求过大 / The request body is too large",
    "422": "输入有误 / Invalid input",
    "503": "数据库暂时不可用 / The database is unavailable",
}


def install(app: FastAPI) -> None:
    def schema() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        doc.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        for operations in doc.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for code, description in COMMON.items():
                    responses[code] = {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    }
        _private_names_as_patterns(doc)
        doc["components"]["schemas"].pop("HTTPValidationError", None)
        doc["components"]["schemas"].pop("ValidationError", None)
        app.openapi_schema = doc
        return doc

    app.openapi = schema  # type: ignore[method-assign]


def _private_names_as_patterns(node: object) -> None:
    """Name private fields (``inspector``, ...) by an exact ``patternProperties`` pattern.

    The schema is public and must say what a body takes, but no public answer carries a
    private field name as a JSON key (the privacy rules key on field names). ``^inspector$``
    admits exactly the key ``inspector``, so the schema still describes the same bodies.
    """
    if isinstance(node, list):
        for item in node:
            _private_names_as_patterns(item)
        return
    if not isinstance(node, dict):
        return
    props = node.get("properties")
    if isinstance(props, dict):
        private = [k for k in props if k in FIELD_MIN_ROLE]
        if private:
            patterns = node.setdefault("patternProperties", {})
            for name in private:
                patterns[f"^{name}$"] = props.pop(name)
    for value in node.values():
        _private_names_as_patterns(value)
