"""Issue 13, 'work that is lost or overwritten' (outputs other than extract): no command replaces a file the
clerk wrote or edited, nor one of its own inputs; a .docx (and its PDF) soanthao wrote and nobody changed
is replaced. `--force` overrides, except for an output that is an input."""

from __future__ import annotations

import os
import shutil
import stat
import zipfile

import pytest
from conftest import ROOT
from docx import Document
from test_render import _audit_findings

from soanthao import pdf
from soanthao.load import load
from soanthao.outputs import Refused, check_pdf, record_pdf
from soanthao.render import render_docx

EXAMPLE = ROOT / "examples" / "mau-ke-hoach-ngan.yaml"
FORCE_HINT = "ghi ra tệp khác bằng -o, hoặc thêm --force để ghi đè"


@pytest.fixture
def spec(tmp_path):
    path = tmp_path / "kh.yaml"
    shutil.copy(EXAMPLE, path)
    return path


def _last_line(err: str) -> str:
    return err.strip().splitlines()[-1]


# --- import -------------------------------------------------------------------------------------------
def test_import_keeps_an_existing_spec_unless_forced(cmd, spec, tmp_path):
    assert cmd("render", spec)[0] == 0
    spec.write_text(spec.read_text(encoding="utf-8") + "# đã sửa tay\n", encoding="utf-8")
    edited = spec.read_bytes()
    code, out, err = cmd("import", tmp_path / "kh.docx")
    assert code == 2 and out == ""
    assert _last_line(err) == f"{spec}: lỗi [TEP-DA-CO] tệp đã có; soanthao không ghi đè — {FORCE_HINT}"
    assert spec.read_bytes() == edited
    code, _, err = cmd("import", tmp_path / "kh.docx", "--force")
    assert code == 0, err
    assert spec.read_bytes() != edited and load(spec).plan is not None


# --- an output that is an input -----------------------------------------------------------------------
@pytest.mark.parametrize("force", [[], ["--force"]])
def test_render_never_writes_over_its_template(cmd, spec, tmp_path, force):
    template = tmp_path / "mau.docx"
    shutil.copy(ROOT / "templates" / "ke-hoach.docx", template)
    before = template.read_bytes()
    code, _, err = cmd("render", spec, "--template", template, "-o", template, *force)
    assert code == 2
    assert _last_line(err) == (
        f"{template}: lỗi [TEP-RA] tệp ra trùng với mẫu Word (--template); soanthao không "
        "ghi đè tệp đầu vào — chọn tên khác bằng -o"
    )
    assert template.read_bytes() == before


def test_render_never_writes_its_pdf_over_the_template(cmd, spec, tmp_path):
    # a template that is itself a soanthao output (stamped) named like the PDF-to-be: still an input
    template = tmp_path / "mau.pdf"
    template.write_bytes(b"%PDF-1.4 mau")
    code, _, err = cmd("render", spec, "--template", template, "-o", tmp_path / "mau.docx", "--pdf", "--force")
    assert code == 2
    assert _last_line(err).startswith(f"{template}: lỗi [TEP-RA] tệp ra trùng với mẫu Word (--template)")
    assert not (tmp_path / "mau.docx").exists()


@pytest.mark.skipif(os.name != "posix", reason="hard links")
def test_an_output_that_is_a_second_name_of_the_input_is_refused(cmd, spec, tmp_path):
    twin = tmp_path / "ban-sao.yaml"
    os.link(spec, twin)
    code, _, err = cmd("next", spec, "--report", twin, "--force")
    assert code == 2
    assert _last_line(err) == (
        f"{twin}: lỗi [TEP-RA] tệp ra trùng với tệp đặc tả gốc; soanthao không ghi đè tệp "
        "đầu vào — chọn tên khác bằng -o"
    )
    assert twin.read_bytes() == EXAMPLE.read_bytes()


# --- next --report ------------------------------------------------------------------------------------
def test_next_keeps_an_existing_report_unless_forced(cmd, spec, tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text("Ghi chép của tôi\n", encoding="utf-8")
    new = tmp_path / "kh-moi.yaml"
    code, out, err = cmd("next", spec, "-o", new, "--report", notes)
    assert code == 2 and out == ""
    assert _last_line(err) == (
        f"{notes}: lỗi [TEP-DA-CO] tệp đã có; soanthao không ghi đè — ghi ra tệp khác bằng "
        "--report, hoặc thêm --force để ghi đè"
    )
    assert notes.read_text(encoding="utf-8") == "Ghi chép của tôi\n"
    assert not new.exists()  # nothing is written when one output is refused
    code, _, err = cmd("next", spec, "-o", new, "--report", notes, "--force")
    assert code in (0, 1), err
    assert new.exists() and notes.read_text(encoding="utf-8") != "Ghi chép của tôi\n"


def test_init_still_never_overwrites(cmd, spec):
    before = spec.read_bytes()
    code, _, err = cmd("init", spec)
    assert code == 2
    assert _last_line(err) == f"{spec}: lỗi [TEP-DA-CO] tệp đã có; soanthao không ghi đè — hãy chọn tên khác"
    assert spec.read_bytes() == before


# --- render: a .docx edited since soanthao wrote it --------------------------------------------------
def test_render_replaces_its_own_unchanged_docx(cmd, spec, tmp_path):
    out = tmp_path / "kh.docx"
    assert cmd("render", spec)[0] == 0
    first = out.read_bytes()
    spec.write_text(spec.read_text(encoding="utf-8").replace("Tổ chức", "Triển khai", 1), encoding="utf-8")
    code, _, err = cmd("render", spec)
    assert code == 0, err
    assert _last_line(err) == f"Đã ghi {out}" and out.read_bytes() != first


def test_render_keeps_a_docx_edited_in_word_unless_forced(cmd, spec, tmp_path):
    out = tmp_path / "kh.docx"
    assert cmd("render", spec)[0] == 0
    doc = Document(str(out))  # what Word does: the custom properties survive, the content changes
    doc.add_paragraph("Bổ sung của văn thư.")
    doc.save(str(out))
    edited = out.read_bytes()
    code, _, err = cmd("render", spec)
    assert code == 2
    assert _last_line(err) == (
        f"{out}: lỗi [TEP-DA-SUA] tệp đã được sửa (hoặc lưu lại trong Word) sau khi soanthao "
        f"ghi; soanthao không ghi đè để khỏi mất phần đã sửa — {FORCE_HINT}"
    )
    assert out.read_bytes() == edited
    code, _, err = cmd("render", spec, "--force")
    assert code == 0, err
    assert "Bổ sung của văn thư." not in [p.text for p in Document(str(out)).paragraphs]


def test_render_keeps_a_docx_it_did_not_write(cmd, spec, tmp_path):
    out = tmp_path / "kh.docx"
    doc = Document()
    doc.add_paragraph("Văn bản soạn tay.")
    doc.save(str(out))
    before = out.read_bytes()
    code, _, err = cmd("render", spec)
    assert code == 2
    assert _last_line(err) == (
        f"{out}: lỗi [TEP-DA-CO] tệp đã có và không do soanthao ghi (hoặc ghi bằng bản cũ); "
        f"soanthao không ghi đè để khỏi mất nội dung của nó — {FORCE_HINT}"
    )
    assert out.read_bytes() == before


def test_a_change_to_any_part_counts(spec, tmp_path):
    """Not only the body: a header or a relationship (a hyperlink's target) edited alone is an edit."""
    from soanthao.outputs import check_docx

    out = render_docx(load(spec).plan, tmp_path / "kh.docx")
    check_docx(out, force=False)
    with zipfile.ZipFile(out) as z:
        entries = [(i, z.read(i)) for i in z.infolist()]
    for name in ("word/header1.xml", "word/_rels/document.xml.rels", "docProps/core.xml"):
        changed = tmp_path / "sua.docx"
        with zipfile.ZipFile(changed, "w") as z:
            for info, data in entries:
                z.writestr(info, data.replace(b"</", b" </", 1) if info.filename == name else data)
        with pytest.raises(Refused) as err:
            check_docx(changed, force=False)
        assert err.value.code == "TEP-DA-SUA", name


def test_the_stamp_is_valid_open_xml_and_keeps_a_templates_own_properties(spec, tmp_path):
    template = tmp_path / "mau.docx"
    doc = Document(str(ROOT / "templates" / "ke-hoach.docx"))
    doc.save(str(template))
    with zipfile.ZipFile(template) as z:
        entries = [(i, z.read(i)) for i in z.infolist()]
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.'
        'openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/'
        'officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        'name="PhongBan"><vt:lpwstr>Văn phòng</vt:lpwstr></property></Properties>'
    ).encode()
    with zipfile.ZipFile(template, "w") as z:
        for info, data in entries:
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/docProps/custom.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
                )
            elif info.filename == "_rels/.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="http://schemas.openxml'
                    b'formats.org/officeDocument/2006/relationships/custom-properties" '
                    b'Target="docProps/custom.xml"/></Relationships>',
                )
            z.writestr(info, data)
        z.writestr("docProps/custom.xml", custom)
    out = render_docx(load(spec).plan, tmp_path / "kh.docx", template=template)
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        props = z.read("docProps/custom.xml").decode()
    assert names.count("docProps/custom.xml") == 1
    assert 'pid="2" name="PhongBan"><vt:lpwstr>Văn phòng</vt:lpwstr>' in props
    assert 'pid="3" name="soanthao"><vt:lpwstr>sha256:' in props
    assert _audit_findings(out) == []


# --- the PDF made beside the .docx --------------------------------------------------------------------
@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    """A LibreOffice stand-in that writes '<outdir>/<stem>.pdf' at once."""
    if os.name != "posix":
        pytest.skip("uses a shell script as a stand-in for soffice")
    script = tmp_path / "bin" / "soffice"
    script.parent.mkdir()
    script.write_text(
        '#!/bin/sh\nwhile [ "$1" != "--outdir" ]; do shift; done\nout="$2"; shift 2\n'
        'for f in "$@"; do b=$(basename "$f" .docx); printf "%%PDF-1.4 %s\\n" "$b" > "$out/$b.pdf"; '
        "done\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(script))


def test_render_pdf_keeps_a_pdf_changed_since(cmd, spec, tmp_path, fake_soffice):
    out, made = tmp_path / "kh.docx", tmp_path / "kh.pdf"
    assert cmd("render", spec, "--pdf")[0] == 0
    assert cmd("render", spec, "--pdf")[0] == 0  # its own PDF, unchanged: replaced
    assert cmd("render", spec)[0] == 0  # a render without --pdf keeps the record of that PDF …
    code, _, err = cmd("render", spec, "--pdf")  # … so it is still replaceable
    assert code == 0, err
    with made.open("ab") as fh:
        fh.write(b"% chu ky so\n")  # signed or annotated in a PDF reader
    signed, docx_before = made.read_bytes(), out.read_bytes()
    code, _, err = cmd("render", spec, "--pdf")
    assert code == 2
    assert _last_line(err) == (
        f"{made}: lỗi [TEP-DA-SUA] tệp PDF đã có mà không phải bản soanthao tạo lần trước "
        f"(có thể đã được ký, ghi chú hay sửa); soanthao không ghi đè — {FORCE_HINT}"
    )
    assert made.read_bytes() == signed and out.read_bytes() == docx_before  # nothing written
    assert cmd("render", spec, "--pdf", "--force")[0] == 0
    assert made.read_bytes() == b"%PDF-1.4 kh\n"


def test_a_pdf_with_no_record_is_kept(spec, tmp_path):
    out = render_docx(load(spec).plan, tmp_path / "kh.docx")
    made = tmp_path / "kh.pdf"
    made.write_bytes(b"%PDF-1.4 khac\n")
    with pytest.raises(Refused):
        check_pdf(made, out, force=False)
    record_pdf(out, made)
    check_pdf(made, out, force=False)
    from soanthao.outputs import check_docx

    check_docx(out, force=False)  # recording the PDF is no edit of the .docx
    assert _audit_findings(out) == []
