"""The downloadable offline edition: a reproducible zip of a built site folder.

Entries are sorted and carry one fixed timestamp (the commit date through ``SOURCE_DATE_EPOCH``
when set), so two builds of the same commit give byte-identical archives. Everything sits under
one top folder, so unpacking never scatters files into the reader's current directory.
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

TOP_FOLDER = "ml-system-design-field-guide"
_ZIP_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can carry


def zip_site(site: Path, dest: Path, top: str = TOP_FOLDER) -> int:
    """Write ``site`` into ``dest`` (deflated, sorted, fixed dates); return the number of files."""
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site} is not a built site (no index.html): build it first")
    stamp = time.gmtime(max(int(os.environ.get("SOURCE_DATE_EPOCH", _ZIP_EPOCH)), _ZIP_EPOCH))
    files = sorted(p for p in site.rglob("*") if p.is_file())
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(site).as_posix()}", stamp[:6])
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    return len(files)
