"""The public API: everything in __all__ exists, and every error is a RedactorError."""

import inspect

import redactor
from redactor import errors


def test_all_names_exist_and_are_documented() -> None:
    for name in redactor.__all__:
        value = getattr(redactor, name)
        assert inspect.getdoc(value), f"redactor.{name} has no docstring"


def test_every_error_derives_from_the_one_base_class() -> None:
    classes = [
        c for _, c in inspect.getmembers(errors, inspect.isclass) if c.__module__ == errors.__name__
    ]
    assert len(classes) > 5
    for error_class in classes:
        assert issubclass(error_class, redactor.RedactorError)
        assert getattr(redactor, error_class.__name__) is error_class
