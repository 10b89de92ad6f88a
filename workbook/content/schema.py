"""Build typed, frozen dataclasses from plain YAML data, naming any bad field.

A tiny validator instead of a dependency: the content files are small, and a
message such as ``factors.yaml: factors[3].question.self: missing`` is what an
instructor editing a translation needs.
"""

from __future__ import annotations

import dataclasses
import types
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


class SchemaError(ValueError):
    """A value does not fit its schema; ``where`` is the dotted field path."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}" if where else problem)
        self.where = where
        self.problem = problem


def _describe(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in get_args(tp))
    if origin in (list, tuple):
        return "a list"
    if origin is dict:
        return "a mapping"
    if dataclasses.is_dataclass(tp):
        return "a mapping"
    return {str: "text", int: "a whole number", bool: "true or false", float: "a number"}.get(
        tp, getattr(tp, "__name__", str(tp))
    )


def build(tp: Any, value: Any, where: str = "") -> Any:
    """Return ``value`` converted to type ``tp`` or raise :class:`SchemaError`."""
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = get_args(tp)
        if value is None and type(None) in options:
            return None
        real = [o for o in options if o is not type(None)]
        return build(real[0], value, where)
    if origin is Literal:
        if value not in get_args(tp):
            raise SchemaError(where, f"must be {_describe(tp)}, not {value!r}")
        return value
    if origin in (list, tuple):
        if not isinstance(value, list):
            raise SchemaError(where, f"must be a list, not {type(value).__name__}")
        (item_type, *_rest) = get_args(tp)
        items = [build(item_type, item, f"{where}[{i}]") for i, item in enumerate(value)]
        return tuple(items)
    if origin is dict:
        key_type, value_type = get_args(tp)
        if not isinstance(value, dict):
            raise SchemaError(where, "must be a mapping of names to values")
        return {
            build(key_type, k, f"{where}"): build(value_type, v, f"{where}.{k}")
            for k, v in value.items()
        }
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _build_dataclass(tp, value, where)
    if tp is str:
        if not isinstance(value, str) or not value.strip():
            raise SchemaError(where, "must be non-empty text")
        return value.strip()
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SchemaError(where, f"must be a whole number, not {value!r}")
        return value
    if tp is bool:
        if not isinstance(value, bool):
            raise SchemaError(where, "must be true or false")
        return value
    if tp is Any:
        return value
    raise TypeError(f"schema type {tp!r} is not supported")  # a bug in a schema, not in content


def _build_dataclass(cls: type[T], value: Any, where: str) -> T:
    if not isinstance(value, dict):
        raise SchemaError(where, f"must be a mapping, not {type(value).__name__}")
    hints = get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(value) - set(fields))
    if unknown:
        raise SchemaError(
            f"{where}.{unknown[0]}" if where else unknown[0],
            f"unknown field (known fields: {', '.join(fields)})",
        )
    kwargs = {}
    for name, field in fields.items():
        path = f"{where}.{name}" if where else name
        if name not in value:
            has_default = (
                field.default is not dataclasses.MISSING
                or field.default_factory is not dataclasses.MISSING
            )
            if has_default:
                continue
            raise SchemaError(path, "missing")
        kwargs[name] = build(hints[name], value[name], path)
    obj = cls(**kwargs)
    check = getattr(obj, "check", None)
    if callable(check):
        try:
            check()
        except SchemaError as exc:
            raise SchemaError(f"{where}.{exc.where}" if where else exc.where, exc.problem) from None
    return obj


__all__ = ["SchemaError", "build"]
