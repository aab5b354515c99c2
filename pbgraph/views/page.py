"""A view as HTML: the data packed into the page (:func:`pack`), the fragment a report embeds
and the standalone page (:class:`View`).

Nothing is fetched: the scripts and the style are read from ``assets/`` and inlined; the data
is one gzip-compressed binary blob (a JSON header and little-endian typed arrays) in base64
inside a ``<script type="application/octet-stream">`` element, which the page unpacks with
the browser's own ``DecompressionStream``. Every element id of a fragment starts with its
own prefix (made from the kind of view and its data), so views coexist in one page.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import os
import struct
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

import numpy as np

from ..labels import LANGS, lang_index
from ..outputs import atomic_open

__all__ = ["View", "data_of", "fragment", "pack", "unpack"]

#: numpy dtypes a view's arrays may have, by the name of their JavaScript typed array
_TYPES = {"u1": "Uint8Array", "u2": "Uint16Array", "u4": "Uint32Array",
          "i4": "Int32Array", "f4": "Float32Array"}  # fmt: skip


def pack(meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> str:
    """``meta`` (JSON) and ``arrays`` as one base64 text: gzip of ``[header length: u32]
    [header JSON][arrays, each 8-byte aligned]``; the header is ``meta`` with ``arrays:
    {name: [offset, length, type]}`` (deterministic: no time in the gzip header)."""
    index: dict[str, list[Any]] = {}
    blobs, at = [], 0
    for name, a in arrays.items():
        kind = a.dtype.str.lstrip("<|=")
        if kind not in _TYPES:
            raise TypeError(f"{name}: dtype {a.dtype} cannot be sent to a page")
        b = np.ascontiguousarray(a, dtype=a.dtype.newbyteorder("<")).tobytes()
        index[name] = [at, len(a), _TYPES[kind]]
        pad = -len(b) % 8
        blobs.append(b + b"\0" * pad)
        at += len(b) + pad
    head = json.dumps({**meta, "arrays": index}, ensure_ascii=False, separators=(",", ":"))
    hb = head.encode("utf-8")
    hb += b" " * (-(4 + len(hb)) % 8)  # arrays start 8-byte aligned
    body = struct.pack("<I", len(hb)) + hb + b"".join(blobs)
    return base64.b64encode(gzip.compress(body, compresslevel=6, mtime=0)).decode("ascii")


def unpack(text: str) -> dict[str, Any]:
    """What :func:`pack` packed: the header with each array in place of its index entry
    (what the page's script sees; for tests and for reading a saved view)."""
    body = gzip.decompress(base64.b64decode(text))
    (n,) = struct.unpack_from("<I", body)
    meta: dict[str, Any] = json.loads(body[4 : 4 + n].decode("utf-8"))
    kinds = {v: k for k, v in _TYPES.items()}
    for name, (at, length, kind) in meta.pop("arrays").items():
        meta[name] = np.frombuffer(body, dtype=f"<{kinds[kind]}", count=length, offset=4 + n + at)
    return meta


def data_of(view_html: str) -> dict[str, Any]:
    """The data of the (first) view in ``view_html``, unpacked."""
    start = view_html.index('type="application/octet-stream"')
    start = view_html.index(">", start) + 1
    return unpack(view_html[start : view_html.index("</script>", start)])


@cache
def asset(name: str) -> str:
    """A file of ``pbgraph/views/assets`` (shipped as package data)."""
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


_FRAGMENT = Template("""\
<div class="pbv pbv-$kind" id="$id" lang="$lang">
<style>$style</style>
$body
<script type="application/octet-stream" id="$id-data">$data</script>
<script>$common
$script
pbgraphViews.$kind("$id", $words);</script>
</div>""")

_PAGE = Template("""\
<!DOCTYPE html>
<html lang="$lang"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>body{margin:1em;font-family:$fonts}</style>
</head><body>
$fragment
</body></html>
""")

#: system fonts that draw Chinese, on Windows, macOS and Linux (none is fetched)
FONTS = ('"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",'
         '"WenQuanYi Micro Hei",sans-serif')  # fmt: skip


def fragment(kind: str, body: str, data: str, words: dict[str, str], lang: str,
             element_id: str | None = None) -> tuple[str, str]:  # fmt: skip
    """The HTML of a view of ``kind`` (``map`` or ``network``) and its element id: ``body``
    (its controls, with ``$id`` for the prefix), ``data`` from :func:`pack`, ``words`` for
    the script."""
    lang_index(lang)
    if element_id is None:
        digest = hashlib.sha1(f"{kind}|{lang}|{data}".encode("ascii")).hexdigest()[:10]
        element_id = f"pbv-{kind}-{digest}"
    text = _FRAGMENT.substitute(
        kind=kind, id=element_id, lang=LANGS_HTML[lang],
        style=asset("views.css").replace("FONTS", FONTS),
        body=Template(body).substitute(id=element_id), data=data,
        common=asset("common.js"), script=asset(f"{kind}.js"),
        words=json.dumps(words, ensure_ascii=False).replace("</", "<\\/"),
    )  # fmt: skip
    return text, element_id


LANGS_HTML = dict(zip(LANGS, ("zh-CN", "en"), strict=True))


@dataclass
class View:
    """An interactive view: :attr:`html` is the fragment to embed in a page (no ``<html>``
    wrapper; its element ids start with :attr:`element_id`), :meth:`page` the standalone
    page, and in Jupyter the view shows itself (an ``<iframe srcdoc>``)."""

    kind: str
    title: str
    html: str
    element_id: str
    lang: str = "zh"
    height: int = 640  # of the notebook's iframe, in pixels

    def page(self) -> str:
        """A standalone HTML page of the view (opens from a file, fetches nothing)."""
        return _PAGE.substitute(lang=LANGS_HTML[self.lang], title=html.escape(self.title),
                                fonts=FONTS, fragment=self.html)  # fmt: skip

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write :meth:`page` to ``path`` (atomically); returns the path."""
        with atomic_open(path, encoding="utf-8") as f:
            f.write(self.page())
        return Path(path)

    def _repr_html_(self) -> str:
        src = html.escape(self.page(), quote=True)
        return (f'<iframe srcdoc="{src}" style="width:100%;height:{self.height}px;border:0" '
                f'title="{html.escape(self.title)}"></iframe>')  # fmt: skip

    @property
    def size(self) -> int:
        """The size of the fragment in bytes (UTF-8)."""
        return len(self.html.encode("utf-8"))
