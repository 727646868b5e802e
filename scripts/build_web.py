"""Fetch the website widget's pinned npm files into web/vendor/.

Each entry under "vendor" in web/package.json names an npm package (name@version), its npm
integrity hash, the file to take from it, and its use: "page" (served with the chat page) or
"test" (the browser test's axe-core, never served). Nothing is loaded from a CDN at run time.
`--test` also fetches the test files.
"""

from __future__ import annotations

import argparse
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
VENDOR = WEB / "vendor"
SOURCE_MAP = re.compile(rb"\n//# sourceMappingURL=\S+\s*$")


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


def extract(tarball: bytes, name: str) -> bytes:
    """One file of a package tarball, without its source-map comment (the map is not served)."""
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        member = archive.extractfile(name)
        if member is None:
            raise SystemExit(f"{name} not found in the package")
        return SOURCE_MAP.sub(b"\n", member.read())


def build(name: str, pin: dict[str, str]) -> None:
    """Write web/vendor/<name> unless it is already built from the pinned package."""
    target = VENDOR / name
    stamp = target.with_name(name + ".integrity")
    if target.is_file() and stamp.is_file() and stamp.read_text() == pin["integrity"]:
        return
    data = extract(fetch(pin["package"], pin["integrity"]), pin["file"])
    VENDOR.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    stamp.write_text(pin["integrity"])
    print(f"Built {target.relative_to(PROJECT_ROOT)} from {pin['package']}")


def main() -> int:
    """Build the page's files (and, with --test, the test files) from web/package.json."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--test", action="store_true", help="also fetch the browser test's files")
    args = parser.parse_args()
    pins = json.loads((WEB / "package.json").read_text(encoding="utf-8"))["vendor"]
    for name, pin in pins.items():
        if pin["use"] == "page" or args.test:
            build(name, pin)
    return 0


if __name__ == "__main__":
    sys.exit(main())
