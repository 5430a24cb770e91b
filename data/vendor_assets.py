"""Re-vendor the browser assets of the map from npm into ``static/vendor/``.

Usage: ``python data/vendor_assets.py`` (needs ``npm``; reaches only the npm registry).

For each package in :data:`geo.assets.PACKAGES` this runs ``npm pack name@version`` in a
temporary folder, copies only the listed files, and writes ``static/vendor/SOURCES.md`` with
versions, licences and tarball checksums. Tarballs and ``node_modules`` never touch the repo.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.assets import PACKAGES, VENDOR_DIR, Package  # noqa: E402

_ROTATE_CSS = """/* geo: rotation helper for folium's awesome markers (Icon(angle=...)). */
.awesome-marker i { transform-origin: center center; }
"""


def _pack(pkg: Package, tmp: Path) -> Path:
    out = subprocess.run(
        ["npm", "pack", "--silent", "--json", f"{pkg.name}@{pkg.version}"],
        cwd=tmp, check=True, capture_output=True, text=True,
    )
    info = json.loads(out.stdout)[0]
    return tmp / info["filename"]


_GLYPH_FACE = """@font-face {
  font-family: "Glyphicons Halflings";
  src: url("../fonts/glyphicons-halflings-regular.woff2") format("woff2"),
       url("../fonts/glyphicons-halflings-regular.woff") format("woff");
}
"""


def _glyphicons(css: str) -> str:
    """Cut the glyphicon classes out of bootstrap 3's stylesheet (woff2/woff fonts only)."""
    start = css.index("@font-face")
    face_end = css.index("}", start) + 1
    end = css.index("\n* {", start)
    return ("/* Glyphicons Halflings, from bootstrap 3.4.1 (MIT) */\n" + _GLYPH_FACE
            + css[face_end:end].lstrip("\n") + "\n")


def _woff2_only(css: str) -> str:
    """Drop the ``.ttf`` fallbacks (only the woff2 files are vendored)."""
    return re.sub(r',\s*url\([^)]*\.ttf\)\s*format\(["\']truetype["\']\)', "", css)


def vendor(dest: Path = VENDOR_DIR) -> list[tuple[Package, str]]:
    """Download, extract and copy every package's files; return (package, sha256) pairs."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    done = []
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        for pkg in PACKAGES:
            tgz = _pack(pkg, tmp)
            digest = hashlib.sha256(tgz.read_bytes()).hexdigest()
            with tarfile.open(tgz) as tar:
                members = {m.name: m for m in tar.getmembers()}
                wanted = [src for src, _ in pkg.files]
                if pkg.name == "bootstrap" and pkg.version.startswith("3."):
                    wanted.append("dist/css/bootstrap.css")
                wanted.append(next(n[len("package/"):] for n in members
                                   if n.lower().startswith("package/licen")))
                for src in wanted:
                    f = tar.extractfile(members[f"package/{src}"])
                    assert f is not None
                    data = f.read()
                    if src == "css/all.min.css":
                        data = _woff2_only(data.decode()).encode()
                    if src == "dist/css/bootstrap.css":
                        target, data = "css/glyphicons.css", _glyphicons(data.decode()).encode()
                    elif src.lower().startswith("licen"):
                        target = "LICENSE"
                    else:
                        target = dict(pkg.files)[src]
                    out = dest / pkg.folder / target
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_bytes(data)
            done.append((pkg, digest))
    rotate = dest / "folium" / "leaflet.awesome.rotate.css"
    rotate.parent.mkdir(parents=True, exist_ok=True)
    rotate.write_text(_ROTATE_CSS, encoding="utf-8")
    return done


def write_sources(done: list[tuple[Package, str]], dest: Path = VENDOR_DIR) -> None:
    """Write ``SOURCES.md``: where each file came from and under which licence."""
    lines = [
        "# Vendored browser assets",
        "",
        "Copied from npm tarballs by `python data/vendor_assets.py` (do not edit by hand).",
        "Each folder holds the package's LICENSE. Versions are the ones folium 0.20 asks for.",
        "",
        "| folder | npm package | version | licence | tarball sha256 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for pkg, digest in done:
        lines.append(f"| {pkg.folder} | {pkg.name} | {pkg.version} | {pkg.licence} | "
                     f"`{digest[:16]}…` |")
    lines += ["| folium | (written by the script) | - | MIT | - |", ""]
    (dest / "SOURCES.md").write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=VENDOR_DIR)
    args = parser.parse_args(argv)
    done = vendor(args.dest)
    write_sources(done, args.dest)
    size = sum(p.stat().st_size for p in args.dest.rglob("*") if p.is_file())
    sys.stdout.write(f"vendored {len(done)} packages into {args.dest} ({size / 1e6:.2f} MB)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
