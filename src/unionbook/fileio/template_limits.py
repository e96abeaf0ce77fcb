"""The size limits a template's expressions run under, checked BEFORE a value is built.

A template can build a huge value in one step, inside C code where no deadline can interrupt it:
`([s]*200)|join` with a 4 MB `s` made 800 MB, `s|replace('x', 'y'*20)` 80 MB per MB, `|string` or
`|tojson` of a list of references to one big text as much as the join, and `(((10**64)**64)**64)**64`
ran for minutes on one multiplication (issue 12). So the sandbox (rendering.TemplateEnvironment)
asks here, before each operation that can grow a value, how big the result would be:

- `text_size` estimates the text a value becomes (a list of 200 references to one 4 MB text is
  800 MB of text), walking containers only until the limit is passed, so the estimate is cheap;
- `check_filter_call` wraps every filter that turns its input into text (join, string, tojson,
  replace, 金额 …; not length, first, sort …, which only reshape) and `check_method_call` the str
  and list methods a template may call (join, replace, format, expandtabs, append, extend …);
- `check_number_operation` keeps integers under MAX_INT_BITS bits (amounts in fen need ~40).

What is printed is counted too (rendering._finalize and the loop guard): the whole document may
not exceed MAX_OUTPUT characters. Everything a limit stops is a SecurityError, which the renderers
turn into one Chinese sentence.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import Environment
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import SecurityError

#: Characters one expression may build: far above any real paragraph or cell.
MAX_TEXT = 5_000_000
#: Characters a whole rendering may print (a 100,000-row table of a few columns fits).
MAX_OUTPUT = 100_000_000
#: Largest width/count a padding method or a slicing filter may be asked for.
MAX_ARGUMENT = 100_000
#: Integers a template may compute: 256 bits is 77 digits, amounts in fen need ~40.
MAX_INT_BITS = 256

#: Filters that only reshape or measure their input, never turn a whole container into text.
SHAPING_FILTERS = frozenset({
    "abs", "attr", "batch", "count", "d", "default", "dictsort", "first", "float", "groupby", "int", "items",
    "last", "length", "list", "map", "max", "min", "random", "reject", "rejectattr", "reverse", "round",
    "select", "selectattr", "slice", "sort", "unique", "_bounded", "_concat",
})  # fmt: skip
#: Filters whose integer arguments size what they build.
_SIZING_FILTERS = frozenset({"batch", "slice", "truncate", "center", "indent", "wordwrap"})
#: str methods whose integer argument is the size of the text they build.
_SIZING_METHODS = frozenset({"center", "ljust", "rjust", "zfill"})
_GROWING_LIST_METHODS = frozenset({"append", "extend", "insert"})


def text_size(value: Any, limit: int = MAX_TEXT) -> int:
    """About how many characters `value` becomes as text; stops counting once past `limit`.

    Containers count their separators and every item (so walking them costs at most ~`limit`
    steps, cycles included); numbers and other scalars count as a short text.
    """
    total = 0
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, list | tuple | set | frozenset):
            total += 2 + 2 * len(item)
            pending.extend(item)
        elif isinstance(item, Mapping):
            total += 2 + 4 * len(item)
            pending.extend(item.keys())
            pending.extend(item.values())
        else:
            total += 8
        if total > limit:
            return total
    return total


def _too_big(what: str) -> SecurityError:
    return SecurityError(f"{what}过长，超过上限")


def _arguments_size(args: tuple[Any, ...], kwargs: dict[str, Any], limit: int) -> int:
    total = 0
    for value in (*args, *kwargs.values()):
        total += text_size(value, limit - total)
        if total > limit:
            break
    return total


def _joined_size(items: Any, separator: Any) -> int:
    size = text_size(items, MAX_TEXT + 1)
    if isinstance(separator, str) and hasattr(items, "__len__"):
        size += len(separator) * len(items)
    return size


def _replaced_size(text: Any, old: Any, new: Any) -> int:
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return 0
    count = len(text) + 1 if old == "" else text.count(old)
    return len(text) + count * max(0, len(new) - len(old))


def check_filter_call(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """`function` (a filter) wrapped so that what it would build is sized first, and its result
    after; shaping filters are returned as they are."""
    if name in SHAPING_FILTERS and name not in _SIZING_FILTERS:
        return function

    @functools.wraps(function)  # keeps jinja's pass_context/pass_eval_context marker
    def checked(*args: Any, **kwargs: Any) -> Any:
        if name in _SIZING_FILTERS:
            for value in (*args[1:], *kwargs.values()):
                if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ARGUMENT:
                    raise SecurityError(f"筛选器 {name} 的参数过大")
        values = [a for a in args if not _is_jinja_state(a)]
        if name == "join" and values:
            size = _joined_size(values[0], values[1] if len(values) > 1 else kwargs.get("d", ""))
        elif name == "replace" and len(values) >= 3:
            size = _replaced_size(*values[:3])
        else:
            size = 0
        if size > MAX_TEXT or (name not in SHAPING_FILTERS and _arguments_size(tuple(values), kwargs, MAX_TEXT) > MAX_TEXT):
            raise _too_big(f"筛选器 {name} 生成的文字")
        result = function(*args, **kwargs)
        if isinstance(result, str) and len(result) > MAX_TEXT:
            raise _too_big(f"筛选器 {name} 生成的文字")
        return result

    return checked


def _is_jinja_state(value: Any) -> bool:
    """The context, eval context or environment jinja passes to some filters first."""
    return isinstance(value, Context | EvalContext | Environment)


def check_method_call(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a call of a str or list method whose result would pass the limits."""
    owner = getattr(method, "__self__", None)
    name = getattr(method, "__name__", "")
    if isinstance(owner, str):
        if name in _SIZING_METHODS or name == "expandtabs":
            for value in (*args, *kwargs.values()):
                if isinstance(value, int) and abs(value) > MAX_ARGUMENT:
                    raise SecurityError("调用参数过大")
        if name == "join" and args:
            size = _joined_size(args[0], owner)
        elif name == "replace" and len(args) >= 2:
            size = _replaced_size(owner, args[0], args[1])
        elif name == "expandtabs":
            width = args[0] if args else kwargs.get("tabsize", 8)
            size = len(owner) + owner.count("\t") * (width if isinstance(width, int) else 8)
        else:
            size = len(owner) + _arguments_size(args, kwargs, MAX_TEXT)
        if size > MAX_TEXT:
            raise _too_big(f"{name} 生成的文字")
    elif isinstance(owner, list) and name in _GROWING_LIST_METHODS:
        added = len(args[0]) if name == "extend" and args and hasattr(args[0], "__len__") else 1
        if len(owner) + added > MAX_TEXT:
            raise _too_big("列表")


def check_number_operation(operator: str, left: Any, right: Any) -> None:
    """Integers stay under MAX_INT_BITS: `**` and `*` are checked from their operands' sizes."""
    if isinstance(left, bool) or isinstance(right, bool) or not (isinstance(left, int) and isinstance(right, int)):
        return
    if operator == "**" and right > 0:
        bits = left.bit_length() * right  # an upper bound: 10**64 is 213 bits, counted 256
    elif operator == "*":
        bits = left.bit_length() + right.bit_length()
    else:
        return
    if bits > MAX_INT_BITS:
        raise SecurityError("计算出的数字过大")
