"""age X25519 keys, parsed: the recipient outputs are encrypted to, the identities that decrypt.

Keys never appear in messages: a key that does not parse raises
:class:`~redactor.errors.InvalidKeyError` (a ``ValueError``) that says what kind of key was
expected, never what was given, and pyrage's own exception is not chained to it (its text is
not ours to vouch for).
"""

from __future__ import annotations

from pyrage import x25519

from redactor.errors import InvalidKeyError


def parse_recipient(recipient: str) -> x25519.Recipient:
    """An age X25519 public key (``age1...``), or :class:`InvalidKeyError`.

    >>> parse_recipient("age1-not-a-key")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    InvalidKeyError: the recipient is not a valid age X25519 public key (age1...)
    """
    try:
        return x25519.Recipient.from_str(recipient.strip())
    except Exception:
        raise InvalidKeyError(
            "the recipient is not a valid age X25519 public key (age1...)"
        ) from None


def parse_identities(identity: str) -> list[x25519.Identity]:
    """The private keys in an identity string: a bare ``AGE-SECRET-KEY-1...`` or the text of an
    age identity file (``#`` comments and blank lines are skipped).

    >>> parse_identities("# created: today")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    InvalidKeyError: the identity holds no age X25519 private key (AGE-SECRET-KEY-1...)
    """
    lines = [line.strip() for line in identity.splitlines()]
    keys = [line for line in lines if line and not line.startswith("#")]
    if not keys:
        raise InvalidKeyError("the identity holds no age X25519 private key (AGE-SECRET-KEY-1...)")
    identities = []
    for number, key in enumerate(keys, start=1):
        try:
            identities.append(x25519.Identity.from_str(key))
        except Exception:
            raise InvalidKeyError(
                f"line {number} of the identity is not a valid age X25519 private key"
                " (AGE-SECRET-KEY-1...)"
            ) from None
    return identities
