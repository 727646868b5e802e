"""Build the website widget (web/static/webchat.js) from the pinned npm package.

Fetches rasa-webchat from the npm registry, checks its integrity, and writes the bundle with
no run-time loads from other hosts.

The bundle's CSS imports a Google Fonts stylesheet; that import is removed (the page uses
system fonts), so nothing is loaded from a CDN when the page runs.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from core.settings import PROJECT_ROOT

WEB = PROJECT_ROOT / "web"
TARGET = WEB / "static" / "webchat.js"
BUNDLE_IN_PACKAGE = "package/lib/index.js"
FONT_IMPORT = re.compile(r"@import url\(https?://fonts\.googleapis\.com/[^)]*\);")
EXTERNAL_STYLE = re.compile(r"@import url\(https?://")


def fetch(package: str, integrity: str) -> bytes:
    """Download the package tarball with npm and check it against the pinned integrity."""
    with tempfile.TemporaryDirectory() as folder:
        out = subprocess.run(
            ["npm", "pack", package, "--json", "--pack-destination", folder, "--loglevel=error"],
            check=True,
            capture_output=True,
            text=True,
        )
        filename = json.loads(out.stdout)[0]["filename"]
        data = (Path(folder) / filename).read_bytes()
    algorithm, expected = integrity.split("-", 1)
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise SystemExit(f"{package}: integrity mismatch (expected {integrity}, got {algorithm}-{actual})")
    return data


def bundle_without_remote_imports(tarball: bytes) -> str:
    """The widget bundle, with its remote font import removed."""
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        member = archive.extractfile(BUNDLE_IN_PACKAGE)
        if member is None:
            raise SystemExit(f"{BUNDLE_IN_PACKAGE} not found in the package")
        code = member.read().decode("utf-8")
    code = FONT_IMPORT.sub("", code)
    if EXTERNAL_STYLE.search(code):
        raise SystemExit("the widget bundle still imports a remote stylesheet")
    return code


def main() -> int:
    """Build web/static/webchat.js unless it is already built from the pinned package."""
    pinned = json.loads((WEB / "package.json").read_text(encoding="utf-8"))["webchat"]
    stamp = TARGET.with_suffix(".integrity")
    if TARGET.is_file() and stamp.is_file() and stamp.read_text() == pinned["integrity"]:
        return 0
    code = bundle_without_remote_imports(fetch(pinned["package"], pinned["integrity"]))
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(code, encoding="utf-8")
    stamp.write_text(pinned["integrity"])
    print(f"Built {TARGET.relative_to(PROJECT_ROOT)} from {pinned['package']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
