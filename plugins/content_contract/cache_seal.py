"""Seals on cache files that are loaded as code-bearing data (pickles) or trusted as results.

The build cache may come from anywhere (a CI cache restored from another branch, a copied
folder), so nothing in it is unpickled or believed on its word. A file is trusted only with a
seal beside it (`<name>.hmac`): an HMAC-SHA256 of its folder's name, its own name and its bytes,
keyed by a per-machine secret kept outside the cache (PORTAL_CACHE_SECRET_FILE, else
$XDG_STATE_HOME/money-safety-guide/cache-secret, else ~/.local/state/…). Whoever can write the
cache but not the secret can only make a file be ignored, never be loaded.

Pelican's own content cache (pickles written by pelican.cache.FileDataCacher) is sealed by
`install_pelican_seal()`, which the render_cache plugin calls when it registers.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import logging
import os
import pickle
import secrets
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

SEAL_SUFFIX = ".hmac"
SECRET_ENV = "PORTAL_CACHE_SECRET_FILE"
SECRET_BYTES = 32


def secret_path() -> Path:
    explicit = os.environ.get(SECRET_ENV)
    if explicit:
        return Path(explicit)
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "money-safety-guide" / "cache-secret"


def _secret() -> bytes | None:
    """The machine's secret, made (mode 0600) on first use; None when it cannot be read or made."""
    path = secret_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = None
    except OSError as error:
        logger.warning("The cache secret %s cannot be read (%s): cached data is not reused", path, error)
        return None
    if data is not None and len(data) >= SECRET_BYTES:
        return data
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if data is None:
            # O_EXCL: two builds starting together agree on whichever secret was written first.
            target, flags = path, os.O_WRONLY | os.O_CREAT | os.O_EXCL
        else:  # too short (a crash while it was made): replaced, which only invalidates old seals
            target, flags = path.with_name(f".{path.name}.{os.getpid()}"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC
        with os.fdopen(os.open(target, flags, 0o600), "wb") as stream:
            stream.write(secrets.token_bytes(SECRET_BYTES))
        if target != path:
            os.replace(target, path)
    except FileExistsError:
        pass
    except OSError as error:
        logger.warning("The cache secret %s cannot be made (%s): cached data is not reused", path, error)
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if len(data) >= SECRET_BYTES else None


def _mac(secret: bytes, path: Path, data: bytes) -> str:
    # The folder's name is in it: a sealed file moved to another cache (other settings) is not valid there.
    label = f"{path.parent.name}/{path.name}\0".encode()
    return hmac.new(secret, label + data, hashlib.sha256).hexdigest()


def seal_path(path: Path) -> Path:
    return path.with_name(path.name + SEAL_SUFFIX)


def seal(path: Path, data: bytes | None = None) -> bool:
    """Writes the seal of `path` (of `data`, the bytes just written there, when given)."""
    secret = _secret()
    if secret is None:
        return False
    try:
        if data is None:
            data = path.read_bytes()
        target = seal_path(path)
        partial = target.with_name(f".{target.name}.{os.getpid()}")
        partial.write_text(_mac(secret, path, data), encoding="ascii")
        os.replace(partial, target)
    except OSError as error:
        logger.info("Could not seal the cache file %s: %s", path, error)
        return False
    return True


def read_sealed(path: Path) -> bytes | None:
    """The file's bytes when its seal matches them; None when it is missing, unsealed or altered."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    secret = _secret()
    try:
        stored = seal_path(path).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        stored = ""
    if secret is None or not hmac.compare_digest(stored, _mac(secret, path, data)):
        logger.warning("cache entry %s was corrupt or not made on this machine; rebuilt", path)
        return None
    return data


def write_sealed(path: Path, data: bytes) -> None:
    """Writes a file atomically, then its seal (a reader sees either nothing or a sealed file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(data)
    os.replace(partial, path)
    seal(path, data)


# --- Pelican's content cache --------------------------------------------------------------


def load_pelican_cache(path: Path, gzipped: bool) -> dict[Any, Any]:
    """Pelican's cache dictionary, unpickled only from bytes whose seal matches."""
    if not path.is_file():
        return {}
    data = read_sealed(path)
    if data is None:
        return {}
    try:
        loaded = pickle.loads(gzip.decompress(data) if gzipped else data)
    except Exception as error:  # sealed but unreadable (another Pelican version): only dropped
        logger.info("Pelican's cache %s could not be read (%s); starting afresh", path, error)
        return {}
    return loaded if isinstance(loaded, dict) else {}


def install_pelican_seal() -> None:
    """Makes pelican.cache.FileDataCacher load only sealed pickles and seal what it saves.

    Pelican offers no hook for this, so its two methods are wrapped (once per process): the
    original __init__ runs with loading turned off, then the sealed file is loaded here; the
    original save_cache writes the pickle, then it is sealed.
    """
    from pelican.cache import FileDataCacher

    if getattr(FileDataCacher, "_portal_sealed", False):
        return
    original_init = FileDataCacher.__init__
    original_save = FileDataCacher.save_cache

    def __init__(self: Any, settings: Any, cache_name: str, caching_policy: bool, load_policy: bool) -> None:
        original_init(self, settings, cache_name, caching_policy, False)
        if load_policy:
            self._cache = load_pelican_cache(Path(self._cache_path), bool(settings.get("GZIP_CACHE")))

    def save_cache(self: Any) -> None:
        original_save(self)
        path = Path(self._cache_path)
        if self._cache_data_policy and path.is_file():
            seal(path)

    FileDataCacher.__init__ = __init__  # type: ignore[method-assign]
    FileDataCacher.save_cache = save_cache  # type: ignore[method-assign]
    FileDataCacher._portal_sealed = True  # type: ignore[attr-defined]
