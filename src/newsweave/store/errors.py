"""Faults of the database itself, as one exception with one line a user can act on.

A bad input names itself and is recorded (`newsweave errors`); a database that cannot be
opened, is not a newsweave database, is full or does not answer stops the work instead. Each
backend translates its driver's errors into `StorageError` at its edge (see `guard_faults`),
so the CLI prints one line, the HTTP API answers 503 and a Python caller catches one type.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

StoreClass = TypeVar("StoreClass", bound=type)
# A backend's translator: its store and a raised error to a StorageError, or None when the
# error is not a fault of the database (a bug then, which keeps its traceback).
Translator = Callable[[Any, BaseException], "StorageError | None"]


class StorageError(Exception):
    """The database named in the message cannot be used; the message says what to do."""

    def __init__(self, database: str, problem: str, advice: str) -> None:
        self.database = database
        self.problem = problem
        self.advice = advice
        super().__init__(f"database {database}: {problem}; {advice}")


def guard_faults(translate: Translator) -> Callable[[StoreClass], StoreClass]:
    """A class decorator: every public method (and __init__) of a store raises its storage
    faults as StorageError, chained to the driver's error for `--debug`."""

    def decorate(cls: StoreClass) -> StoreClass:
        for name, member in list(vars(cls).items()):
            if name != "__init__" and name.startswith("_"):
                continue
            if inspect.isfunction(member):
                setattr(cls, name, _guarded(member, translate))
        return cls

    return decorate


def _guarded(method: Callable[..., Any], translate: Translator) -> Callable[..., Any]:
    inner = getattr(method, "__wrapped__", None)
    if inner is not None and inspect.isgeneratorfunction(inner):
        # a @contextmanager (transaction): its BEGIN and COMMIT run inside the with block's
        # enter and exit, not inside the call, so the generator itself is guarded
        return contextmanager(_guarded_generator(inner, translate))
    if inspect.isgeneratorfunction(method):
        # a lazy reader (articles()): its queries run when it is iterated
        return _guarded_generator(method, translate)

    @functools.wraps(method)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as error:
            _raise_translated(self, error, translate)

    return call


def _raise_translated(store: Any, error: Exception, translate: Translator) -> NoReturn:
    """Raise the driver's error as the StorageError it means, or as it came where it means
    none (a bug of ours, not a fault of the database)."""
    if isinstance(error, StorageError):
        raise error
    fault = translate(store, error)
    if fault is None:
        raise error
    raise fault from error


def _guarded_generator(
    method: Callable[..., Iterator[Any]], translate: Translator
) -> Callable[..., Iterator[Any]]:
    @functools.wraps(method)
    def generate(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        try:
            yield from method(self, *args, **kwargs)
        except Exception as error:
            _raise_translated(self, error, translate)

    return generate


__all__ = ["StorageError", "guard_faults"]
