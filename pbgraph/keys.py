"""The pseudonym key: kept apart from the data it protects.

Party members' resident ID numbers are replaced on load by keyed pseudonyms (HMAC-SHA256).
ID numbers have little entropy (division, date of birth, three digits, a check digit), so
whoever holds both the key and a store can recover them by brute force. The key therefore
never lives in a store: it is a file of its own, created readable by its owner only
(``0600``), outside every store folder, and never sent to Neo4j. A store keeps only the
key's *fingerprint*, so that a load with another key is refused instead of silently
giving the same person a second pseudonym.

Where the key is, first match wins: ``--key-file PATH``; the environment variable
``PBGRAPH_KEY_FILE``; ``$XDG_CONFIG_HOME/pbgraph/pseudonym.key`` (``~/.config/...``).
The first load creates it when it does not exist.

Examples
--------
>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     k = load_key(pathlib.Path(d) / "k.key", create=True)
...     oct(k.path.stat().st_mode & 0o777), len(k.secret), load_key(k.path) == k
('0o600', 32, True)
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DiskError, InputError

__all__ = ["KEY_ENV", "Key", "default_key_path", "load_key", "new_key", "pseudonym"]

KEY_ENV = "PBGRAPH_KEY_FILE"
_FINGERPRINT_SALT = b"pbgraph pseudonym key fingerprint v1"


@dataclass(frozen=True)
class Key:
    """A pseudonym key and where it was read from."""

    secret: bytes = field(repr=False)
    path: Path | None = None

    @property
    def fingerprint(self) -> str:
        """A short public name of the key (reveals nothing that helps reverse a pseudonym)."""
        return hmac.new(self.secret, _FINGERPRINT_SALT, hashlib.sha256).hexdigest()[:16]


def pseudonym(secret: bytes, prefix: str, identifier: str) -> str:
    """Keyed pseudonym of a personal identifier (HMAC-SHA256, 64 bits shown).

    >>> pseudonym(b"k", "M", "11010519491231002X")
    'M-53b028968d90e781'
    """
    return f"{prefix}-{hmac.digest(secret, identifier.encode(), 'sha256').hex()[:16]}"


def default_key_path() -> Path:
    """``$PBGRAPH_KEY_FILE``, else ``$XDG_CONFIG_HOME/pbgraph/pseudonym.key``."""
    env = os.environ.get(KEY_ENV)
    if env:
        return Path(env).expanduser()
    config = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(config) / "pbgraph" / "pseudonym.key"


def load_key(path: str | os.PathLike[str] | None = None, *, create: bool = False) -> Key:
    """Read the key at ``path`` (default :func:`default_key_path`); make it if ``create``.

    A key file that others can read is refused (as ssh refuses such a private key).
    """
    p = Path(path).expanduser() if path is not None else default_key_path()
    if not p.exists():
        if create:
            return new_key(p)
        raise InputError(
            f"{p}: 此处没有化名密钥；请用 --key-file（或设置 {KEY_ENV}）指定导入此数据库时所用的"
            "密钥，新数据库则先运行 `pbgraph key new` (no pseudonym key here; give --key-file "
            f"(or set {KEY_ENV}) to the key this store was loaded with, or run `pbgraph key new` "
            "for a new store)"
        )
    try:
        st = p.stat()
        if os.name == "posix" and st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise InputError(
                f"{p}: 化名密钥可被他人读取（权限 {stat.S_IMODE(st.st_mode):o}）；请运行 "
                f"`chmod 600 {p}` (the pseudonym key is readable by others "
                f"(mode {stat.S_IMODE(st.st_mode):o}); run `chmod 600 {p}`)"
            )
        text = p.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{p}: 无法读取化名密钥：{e} (cannot read the pseudonym key: {e})") from e
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        secret = b""
    if len(secret) < 16:
        raise InputError(
            f"{p}: 不是 pbgraph 密钥（应为 64 个十六进制字符） (not a pbgraph key (expected 64 "
            "hexadecimal characters))"
        )
    return Key(secret, p)


def new_key(path: str | os.PathLike[str], secret: bytes | None = None) -> Key:
    """Create a key file (owner-only) at ``path``; refuse to overwrite one."""
    p = Path(path).expanduser()
    secret = secret if secret is not None else secrets.token_bytes(32)
    try:
        p.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise InputError(
            f"{p}: 密钥已存在，不会被覆盖 (a key already exists; it is never overwritten)"
        ) from None
    except OSError as e:
        raise DiskError(
            f"{p}: 无法创建化名密钥：{e.strerror or e} (cannot create the pseudonym key: "
            f"{e.strerror or e})"
        ) from e
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secret.hex() + "\n")
            f.flush()
            os.fsync(f.fileno())
    except OSError as e:
        p.unlink(missing_ok=True)
        raise DiskError(
            f"{p}: 无法写入化名密钥：{e.strerror or e} (cannot write the pseudonym key: "
            f"{e.strerror or e})"
        ) from e
    return Key(secret, p)
