"""A small validator for the reference OpenAPI document's schemas (the subset it uses: $ref, type, nullable,
enum, required, properties, items, anyOf/oneOf, uuid and date-time formats), so our responses can be checked
against the reference contract without another dependency."""

from __future__ import annotations

import re
from typing import Any

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
_TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "integer": int,
    "number": (int, float),
}


def problems(document: dict[str, Any], schema: dict[str, Any], value: Any, where: str = "$") -> list[str]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    if value is None:
        return [] if schema.get("nullable") or schema.get("type") is None else [f"{where}: null not allowed"]
    found: list[str] = []
    options = schema.get("anyOf") or schema.get("oneOf")
    if options and all(problems(document, o, value, where) for o in options):
        found.append(f"{where}: matches none of the options")
    kind = schema.get("type")
    if kind and not (isinstance(value, _TYPES[kind]) and not (kind != "boolean" and isinstance(value, bool))):
        return [*found, f"{where}: expected {kind}, got {type(value).__name__}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not in {schema['enum']}")
    if schema.get("format") == "uuid" and not _UUID.match(value):
        found.append(f"{where}: {value!r} is not a uuid")
    if schema.get("format") == "date-time" and not _DATE_TIME.match(value):
        found.append(f"{where}: {value!r} is not a date-time")
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                found.append(f"{where}.{name}: missing")
        for name, sub in (schema.get("properties") or {}).items():
            if name in value:
                found += problems(document, sub, value[name], f"{where}.{name}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            found += problems(document, schema["items"], item, f"{where}[{i}]")
    return found


def response_problems(document: dict[str, Any], path: str, method: str, status: int, body: Any) -> list[str]:
    response = document["paths"][path][method]["responses"][str(status)]
    schema = response["content"]["application/json"]["schema"]
    return problems(document, schema, body)
