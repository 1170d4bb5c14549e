"""May soanthao replace this output file? Nothing a clerk wrote or edited is lost.

Specs and reports (``import``, ``next``, ``init``) are text the clerk goes on editing: an existing
one is replaced only with ``--force``. A .docx that ``render`` wrote carries, in its custom
properties (``docProps/custom.xml``, which Word keeps), a hash of every other part of the
package; the next render replaces it only while that hash still matches — a file edited (or
merely saved again) in Word, or not written by soanthao, is kept unless ``--force``. The PDF made
beside it cannot hold such a stamp without rewriting it, so its hash is recorded in the .docx too.
No output may be one of the command's inputs, ``--force`` or not.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Iterable
from pathlib import Path

from .atomic import atomic_write

__all__ = [
    "Refused",
    "check_absent",
    "check_docx",
    "check_not_input",
    "check_pdf",
    "record_pdf",
    "stamp_docx",
    "stamp_part",
]

_CUSTOM_PART = "docProps/custom.xml"
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the fmtid Word gives user-defined properties
STAMP = "soanthao"  # the document's content hash
PDF_STAMP = "soanthao-pdf"  # the hash of the PDF made from it
_MAX_UNPACKED = 512 * 1024 * 1024  # an existing .docx larger than this unpacked is not one soanthao wrote

_FORCE = "ghi ra tệp khác bằng {option}, hoặc thêm --force để ghi đè"


class Refused(Exception):
    """An output soanthao must not replace; ``code`` is the diagnostic code, the message Vietnamese."""

    def __init__(self, path: Path, code: str, message: str):
        super().__init__(message)
        self.path, self.code, self.message = Path(path), code, message

    def text(self) -> str:
        return f"{self.path}: lỗi [{self.code}] {self.message}"


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # also a hard link or a second name of the same file
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def check_not_input(out: Path, inputs: Iterable[tuple[Path | None, str]]) -> None:
    """Refuse an output that is one of the inputs (``(path, what it is)`` pairs), even with --force."""
    for path, what in inputs:
        if path is not None and _same(out, path):
            raise Refused(
                out, "TEP-RA", f"tệp ra trùng với {what}; soanthao không ghi đè tệp đầu vào — chọn tên khác bằng -o"
            )


def check_absent(out: Path, force: bool, option: str = "-o") -> None:
    """A spec or report: an existing file is kept unless ``force``; ``option`` names another one. A folder
    or a device is left to the writer, which says what it is."""
    if not force and (os.path.isfile(out) or os.path.islink(out)):
        raise Refused(out, "TEP-DA-CO", f"tệp đã có; soanthao không ghi đè — {_FORCE.format(option=option)}")


# --- the .docx stamp --------------------------------------------------------------------------------
def _parts_hash(parts: Iterable[tuple[str, bytes]]) -> str:
    """One hash of a package's parts (name and content, in name order), the custom properties apart."""
    digest = hashlib.sha256()
    for name, data in sorted(parts):
        if name != _CUSTOM_PART:
            digest.update(f"{name}\0{len(data)}\0".encode())
            digest.update(data)
    return "sha256:" + digest.hexdigest()


def _custom_xml(props: dict[str, str], base: bytes | None = None) -> bytes:
    """``docProps/custom.xml`` with ``props`` set (as text), keeping any other property in ``base``."""
    from lxml import etree

    root = None
    if base:
        try:
            root = etree.fromstring(base, etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            root = None
    if root is None or root.tag != f"{{{_NS}}}Properties":
        root = etree.Element(f"{{{_NS}}}Properties", nsmap={None: _NS, "vt": _VT})
    existing = {el.get("name"): el for el in root.iterchildren(f"{{{_NS}}}property")}
    pids = [int(el.get("pid")) for el in existing.values() if (el.get("pid") or "").isdigit()]
    next_pid = max([1, *pids]) + 1  # pids start at 2 and are unique
    for name, value in props.items():
        el = existing.get(name)
        if el is None:
            el = etree.SubElement(root, f"{{{_NS}}}property", fmtid=_FMTID, pid=str(next_pid), name=name)
            next_pid += 1
        for child in list(el):
            el.remove(child)
        etree.SubElement(el, f"{{{_VT}}}lpwstr").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def stamp_docx(document, replacing: Path | None = None) -> None:
    """Give a python-docx ``document`` the custom property soanthao checks before replacing it: the hash
    of every other part, computed when the package is saved (so it covers the parts as written). The
    record of a PDF made from the file it is ``replacing`` is carried over: that PDF is still soanthao's."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package

    class _Stamp(Part):
        def __init__(self, base: bytes | None):
            super().__init__(PackURI("/" + _CUSTOM_PART), _CUSTOM_CT, package=package)
            self._base = base

        @property
        def blob(self) -> bytes:
            return _custom_xml({STAMP: _parts_hash(_package_parts(package, self))}, self._base)

    old = next((rel for rel in package.rels.values() if rel.reltype == _CUSTOM_RT and not rel.is_external), None)
    if old is not None:  # a template made in Word may have its own properties: keep them
        package.rels.pop(old.rId)
    stamp = _Stamp(old.target_part.blob if old is not None else None)
    pdf = _recorded_pdf(replacing) if replacing is not None else None
    if pdf:
        stamp._base = _custom_xml({PDF_STAMP: pdf}, stamp._base)
    package.relate_to(stamp, _CUSTOM_RT)


def stamp_part(parts: Iterable[tuple[str, bytes]]) -> tuple[str, bytes]:
    """``docProps/custom.xml`` for a package assembled from bytes (the extracts): the hash of its ``parts``
    (zip member name and content, [Content_Types].xml left out, as ``check_docx`` reads them back)."""
    return _CUSTOM_PART, _custom_xml({STAMP: _parts_hash(parts)})


def _recorded_pdf(docx: Path) -> str | None:
    """The PDF hash recorded in an existing .docx (only its custom properties are read)."""
    try:
        with zipfile.ZipFile(docx) as z:
            info = z.getinfo(_CUSTOM_PART)
            if info.file_size > 1 << 20:
                return None
            return _properties(z.read(info)).get(PDF_STAMP)
    except (OSError, KeyError, zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, RuntimeError, EOFError):
        return None


def _properties(custom: bytes) -> dict[str, str]:
    from lxml import etree

    try:
        root = etree.fromstring(custom, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return {}
    return {el.get("name"): "".join(el.itertext()).strip() for el in root.iterchildren(f"{{{_NS}}}property")}


def _package_parts(package, skip) -> Iterable[tuple[str, bytes]]:
    """What python-docx writes: each part, and each part's relationships when it has any."""
    yield "_rels/.rels", package.rels.xml
    for part in package.iter_parts():
        if part is skip:
            continue
        yield part.partname.membername, part.blob
        if len(part.rels):
            yield part.partname.rels_uri.membername, part.rels.xml


def _read_stamps(path: Path) -> tuple[str | None, dict[str, str]]:
    """The hash of ``path``'s parts now and the soanthao properties it carries; (None, {}) when it is not
    a .docx soanthao could have written."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = [i for i in z.infolist() if not i.is_dir()]
            if sum(i.file_size for i in infos) > _MAX_UNPACKED or _CUSTOM_PART not in z.namelist():
                return None, {}
            parts = [(i.filename, z.read(i)) for i in infos if i.filename != "[Content_Types].xml"]
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, RuntimeError, EOFError):
        return None, {}
    return _parts_hash(parts), _properties(dict(parts)[_CUSTOM_PART])


def check_docx(out: Path, force: bool) -> None:
    """Refuse to replace a .docx changed since soanthao wrote it, or not written by soanthao."""
    if force or not os.path.isfile(out):
        return
    now, props = _read_stamps(out)
    if props.get(STAMP) is None:
        raise Refused(
            out,
            "TEP-DA-CO",
            "tệp đã có và không do soanthao ghi (hoặc ghi bằng bản cũ); soanthao không "
            f"ghi đè để khỏi mất nội dung của nó — {_FORCE.format(option='-o')}",
        )
    if props[STAMP] != now:
        raise Refused(
            out,
            "TEP-DA-SUA",
            "tệp đã được sửa (hoặc lưu lại trong Word) sau khi soanthao ghi; soanthao "
            f"không ghi đè để khỏi mất phần đã sửa — {_FORCE.format(option='-o')}",
        )


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()


def check_pdf(pdf: Path, docx: Path, force: bool) -> None:
    """Refuse to replace a PDF that is not the one soanthao last made from ``docx`` (signed or annotated
    since, say). Call before ``docx`` is replaced: the PDF's hash is recorded there."""
    if force or not os.path.isfile(pdf):
        return
    recorded = _recorded_pdf(docx) if os.path.isfile(docx) else None
    if recorded is None or recorded != _file_hash(pdf):
        raise Refused(
            pdf,
            "TEP-DA-SUA",
            "tệp PDF đã có mà không phải bản soanthao tạo lần trước (có thể đã được "
            f"ký, ghi chú hay sửa); soanthao không ghi đè — {_FORCE.format(option='-o')}",
        )


def record_pdf(docx: Path, pdf: Path) -> None:
    """Record in ``docx`` (just written by soanthao) the hash of the PDF made from it. Its content hash
    does not cover the custom properties, so the .docx stays 'unchanged since soanthao wrote it'."""
    with zipfile.ZipFile(docx) as z:
        entries = [(info, z.read(info)) for info in z.infolist()]
    value = _file_hash(pdf)

    def write(fh) -> None:
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zout:
            for info, data in entries:
                zout.writestr(info, _custom_xml({PDF_STAMP: value}, data) if info.filename == _CUSTOM_PART else data)

    atomic_write(docx, write)
