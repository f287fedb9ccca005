"""A body's paper style: set by its administrator, checked (clear messages, nothing saved), kept
in the history, worn by all three outputs (page, Word, PDF), and out of reach of anyone else."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pikepdf
import pypdfium2
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from PIL import Image

from openpcc.boardpapers import render
from openpcc.boardpapers.models import PaperStyle
from openpcc.boardpapers.style_selectors import (
    available_fonts,
    paper_look_for,
    paper_style_get,
    paper_style_history,
    sample_paper,
)
from openpcc.boardpapers.style_services import StyleInput, Upload, paper_style_save
from openpcc.core.models import Role
from openpcc.core.writing import ConflictError
from tests.factories import OTHER_BODY_MARKER, user_make

pytestmark = pytest.mark.django_db

FOOTER = "Footer of the test office, 1 Test Street"


def _png(size=(120, 40), fmt="PNG", colour=(29, 79, 145)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt)
    return out.getvalue()


def _template(*, body_text: tuple[str, ...] = ("{{ title }}", "{{p content }}"), header: str = "{{ classification }}"):
    """An office's Word template, made here with python-docx: a header, a styled first line."""
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = header
    for text in body_text:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.fixture
def admin(world):
    return user_make("body-admin", (world.body, Role.ADMINISTRATOR))


@pytest.fixture
def other_admin(world):
    return user_make("other-admin", (world.other, Role.ADMINISTRATOR))


def _font() -> str:
    """A text font installed here (DejaVu Serif where it is, as on the project's machines)."""
    fonts = available_fonts()
    if "DejaVu Serif" in fonts:
        return "DejaVu Serif"
    return next((f for f in fonts if not any(w in f for w in ("Math", "Mono", "Symbol", "Emoji"))), fonts[0])


def _save(world, admin, **values):
    data = StyleInput(
        heading_colour=values.pop("heading_colour", "#1d4f91"),
        accent_colour=values.pop("accent_colour", "#005a30"),
        font_family=values.pop("font_family", _font()),
        footer=values.pop("footer", FOOTER),
        classification=values.pop("classification", "OFFICIAL"),
        **values,
    )
    current = paper_style_get(body=world.body)
    return paper_style_save(
        body=world.body, user=admin, data=data, expected_version=current.version if current else None
    )


def _paper(world):
    return sample_paper(body=world.body, classification="OFFICIAL", today=date(2017, 9, 21))


# --- checks: a clear message naming what is wrong, nothing saved ------------------------------------


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"heading_colour": "#ffdd00"}, "heading_colour", "has a contrast ratio of 1.35:1 with white"),
        ({"heading_colour": "#ffdd00"}, "heading_colour", "WCAG 2.2 AA needs at least 4.5:1"),
        ({"accent_colour": "#00ff00"}, "accent_colour", "Choose a darker colour."),
        ({"accent_colour": "green"}, "accent_colour", "Give the accent colour as #RRGGBB"),
        ({"accent_colour": "#12345"}, "accent_colour", "Give the accent colour as #RRGGBB"),
        ({"font_family": "Comic Sans; } body { x"}, "font_family", "Choose a font from the list"),
        ({"font_family": "No Such Font Installed"}, "font_family", "only fonts installed on this server"),
        ({"footer": "x" * 151}, "footer", "it can be at most 150"),
        ({"classification": "SECRET"}, "classification", "Choose a marking from the list"),
        ({"logo": Upload("logo.gif", _png(fmt="GIF"))}, "logo", "PNG or JPEG image; this file is GIF"),
        ({"logo": Upload("logo.png", b"not an image at all")}, "logo", "not an image that can be read"),
        ({"logo": Upload("logo.png", b"", size=3 * 1024 * 1024)}, "logo", "The logo is 3.0 MB; it can be at most 1 MB"),
        ({"logo": Upload("logo.png", _png(size=(4001, 20)))}, "logo", "4001 × 20 pixels; it can be at most 4,000"),
        ({"logo": Upload("logo.png", _png(size=(8, 8)))}, "logo", "it needs at least 16 a side"),
        ({"word_template": Upload("t.doc", b"x")}, "word_template", "must be a .docx file"),
        ({"word_template": Upload("t.docx", b"PK not a zip")}, "word_template", "not a Word document (.docx)"),
        ({"word_template": Upload("t.docx", b"", size=6 * 1024 * 1024)}, "word_template", "it can be at most 5 MB"),
        (
            {"word_template": Upload("t.docx", _template(body_text=("{{ budget }}", "{{p content }}")))},
            "word_template",
            "asks for {{ budget }}, which OpenPCC does not fill",
        ),
        (
            {"word_template": Upload("t.docx", _template(body_text=("{{ title }}",)))},
            "word_template",
            "add {{p content }} in a paragraph of its own",
        ),
        (
            {"word_template": Upload("t.docx", _template(body_text=("{{ title | }}", "{{p content }}")))},
            "word_template",
            "a placeholder cannot be read",
        ),
    ],
)
def test_bad_values_are_refused_with_a_message_and_nothing_is_saved(world, admin, values, field, message):
    with pytest.raises(ValidationError) as refused:
        _save(world, admin, **values)
    assert message in " ".join(refused.value.message_dict[field])
    assert not PaperStyle.objects.exists()


def test_a_damaged_png_is_refused(world, admin):
    import weasyprint  # noqa: F401  (it tells Pillow to accept truncated images; a logo must still be whole)

    noisy = io.BytesIO()
    Image.frombytes("RGB", (200, 200), bytes(range(256)) * 468 + bytes(192)).save(noisy, "PNG")
    whole = noisy.getvalue()
    damaged = whole[: len(whole) // 2]  # the header says PNG; half of the pixels are cut off
    with pytest.raises(ValidationError) as refused:
        _save(world, admin, logo=Upload("logo.png", damaged))
    assert "The logo image is damaged and cannot be read" in refused.value.message_dict["logo"][0]


def test_a_zip_that_is_not_a_word_document_is_refused(world, admin):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hello")
    with pytest.raises(ValidationError) as refused:
        _save(world, admin, word_template=Upload("t.docx", out.getvalue()))
    assert "it has no document part" in refused.value.message_dict["word_template"][0]


# --- the style reaches each output --------------------------------------------------------------------


def test_the_style_reaches_the_page_the_word_document_and_the_pdf(world, admin):
    font = _font()
    _save(world, admin, logo=Upload("crest.png", _png()), font_family=font)
    look = paper_look_for(body=world.body)
    paper = _paper(world)

    html = render.paper_html(paper, level=2, look=look)
    assert 'class="opcc-paper opcc-paper--styled"' in html
    assert 'src="data:image/png;base64,' in html and f'alt="{world.body.name} logo"' in html
    assert 'width="180" height="60"' in html  # 120 × 40 kept in proportion
    assert FOOTER in html
    css = render.look_css(look)
    assert "color: #1d4f91" in css and "background: #005a30" in css and f'"{font}"' in css

    doc = Document(io.BytesIO(render.paper_docx(paper, look=look)))
    assert doc.styles["Normal"].font.name == font
    heading = doc.styles["Heading 1"]
    assert heading.font.name == font and str(heading.font.color.rgb) == "1D4F91"
    section = doc.sections[0]
    assert FOOTER in [p.text for p in section.footer.paragraphs]
    assert "OFFICIAL" in [p.text for p in section.header.paragraphs]
    header_xml = section.header._element.xml
    assert "<pic:pic" in header_xml and f'descr="{world.body.name} logo"' in header_xml
    first_table = doc.tables[0]
    assert 'w:fill="005A30"' in first_table.rows[0].cells[0]._tc.xml

    pdf = render.paper_pdf(paper, look=look)
    document = pypdfium2.PdfDocument(pdf)
    try:
        texts = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()
    assert all(FOOTER in text for text in texts), "the footer is on every page"
    fonts, images = set(), 0
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        for page in opened.pages:
            resources = page.obj.get("/Resources", {})
            fonts |= {str(f.get("/BaseFont", "")) for f in resources.get("/Font", {}).values()}
            images += sum(1 for x in resources.get("/XObject", {}).values() if x.get("/Subtype") == "/Image")
    wanted = font.replace(" ", "").lower()
    assert any(f.split("+")[-1].replace("-", "").lower() == wanted for f in fonts), f"{font} is not among {fonts}"
    assert images >= 1  # the logo


def test_without_a_style_papers_keep_the_house_style(world):
    look = paper_look_for(body=world.body)
    assert look == render.PaperLook() and not look.styled
    paper = _paper(world)
    assert "opcc-paper--styled" not in render.paper_html(paper, look=look)
    assert Document(io.BytesIO(render.paper_docx(paper, look=look))).styles["Normal"].font.name == "Arial"


def test_an_office_word_template_is_filled_with_docxtpl(world, admin):
    template = _template(body_text=("Office heading: {{ title }} for {{ to }}", "{{p content }}", "End: {{ footer }}"))
    _save(world, admin, word_template=Upload("office.docx", template))
    paper = _paper(world)
    doc = Document(io.BytesIO(render.paper_docx(paper, look=paper_look_for(body=world.body))))
    text = [p.text for p in doc.paragraphs]
    assert "Office heading: Sample paper: how your papers will look for The Board" in text
    assert f"End: {FOOTER}" in text
    assert "1. Purpose" in text and "Appendix 1: A sample table" in text  # the paper, where {{p content }} was
    assert doc.sections[0].header.paragraphs[0].text == "OFFICIAL"  # the template's own header, filled
    assert [c.text for c in doc.tables[-1].rows[0].cells] == ["Activity", "Lead", "Status", "Update"]
    assert doc.core_properties.title == paper.content.title


def test_a_template_cannot_reach_python_objects(world, admin):
    """Placeholders run in Jinja's sandbox: attributes of Python objects are not there to read."""
    sneaky = _template(body_text=("{{ title.__class__.__mro__ }}|{{ content.tpl }}", "{{p content }}"))
    try:
        _save(world, admin, word_template=Upload("office.docx", sneaky))
    except ValidationError as refused:
        assert "word_template" in refused.message_dict
        return
    doc = Document(io.BytesIO(render.paper_docx(_paper(world), look=paper_look_for(body=world.body))))
    first = doc.paragraphs[0].text
    assert "class" not in first and "DocxTemplate" not in first


def test_values_are_checked_again_when_rendered(world):
    """A look with values that never passed the checks writes no CSS from them."""
    look = render.PaperLook(
        heading_colour="red;} body {display:none", accent_colour="#12345g", font_family='X"; } * { color: red'
    )
    assert not look.styled
    css = render.look_css(look)
    assert "red" not in css and "display:none" not in css and "X" not in css


# --- the page: the administrator's, kept in the history, nobody else's ----------------------------------


def _url(world, name="boardpapers_staff:style"):
    return reverse(name, args=[world.body.slug])


def _form(**more):
    return {
        "heading_colour": "#1d4f91",
        "accent_colour": "#005a30",
        "font_family": _font(),
        "footer": FOOTER,
        "classification": "OFFICIAL",
        "version": "",
        **more,
    }


def test_the_administrator_previews_then_saves_and_the_history_keeps_each_change(world, admin, login):
    client = login(admin)
    page = client.get(_url(world))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<h1 class="govuk-heading-xl">Paper style</h1>' in html and "Sample paper" in html
    assert f'value="{world.body.brand_colour}"' in html  # the body's brand colour is offered first
    assert 'rel="stylesheet" href="/staff/' in html

    logo = SimpleUploadedFile("crest.png", _png(), content_type="image/png")
    preview = client.post(_url(world), {**_form(), "logo": logo, "action": "preview"})
    assert preview.status_code == 200 and not PaperStyle.objects.exists()
    shown = preview.content.decode()
    assert "they are not saved yet" in shown and FOOTER in shown and "data:image/png;base64," in shown

    pdf = client.post(_url(world), {**_form(), "action": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert not PaperStyle.objects.exists()

    logo = SimpleUploadedFile("crest.png", _png(), content_type="image/png")
    saved = client.post(_url(world), {**_form(), "logo": logo, "action": "save"})
    assert saved.status_code == 302
    style = PaperStyle.objects.get(body=world.body)
    assert (style.footer, style.logo_name, style.logo_type, style.version) == (FOOTER, "crest.png", "image/png", 1)

    changed = client.post(_url(world), {**_form(footer="A new footer", version=style.version), "action": "save"})
    assert changed.status_code == 302
    style.refresh_from_db()
    assert style.footer == "A new footer" and style.version == 2 and style.logo_name == "crest.png"
    entries = paper_style_history(style=style)
    assert [e.kind for e in entries] == ["Changed", "Created"]
    assert any(c.old == FOOTER and c.new == "A new footer" for c in entries[0].changes)
    assert entries[0].who == str(admin)
    html = client.get(_url(world)).content.decode()
    assert "A new footer" in html and "Paper style changed" in html

    docx = client.get(_url(world) + "?format=docx")
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    footer = [p.text for p in Document(io.BytesIO(docx.content)).sections[0].footer.paragraphs]
    assert "A new footer" in footer


def test_bad_input_on_the_page_is_named_and_changes_nothing(world, admin, login):
    client = login(admin)
    _save(world, admin)
    before = PaperStyle.objects.get()
    response = client.post(
        _url(world),
        {
            **_form(heading_colour="#eeeeee", version=before.version),
            "logo": SimpleUploadedFile("logo.png", b"GIF89a rubbish", content_type="image/png"),
            "action": "save",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Heading colour: The heading colour #eeeeee has a contrast ratio of 1.16:1" in html
    assert "Logo: The logo must be a PNG or JPEG image" in html
    after = PaperStyle.objects.get()
    assert (after.version, after.heading_colour, after.logo) == (before.version, before.heading_colour, before.logo)


def test_a_stale_form_is_refused(world, admin, login):
    _save(world, admin)
    _save(world, admin, footer="Someone else's footer")  # version 2 now
    client = login(admin)
    response = client.post(_url(world), {**_form(footer="Mine", version=1), "action": "save"})
    assert response.status_code == 200 and "Someone else changed this record" in response.content.decode()
    assert PaperStyle.objects.get().footer == "Someone else's footer"
    with pytest.raises(ConflictError):
        paper_style_save(body=world.body, user=admin, data=StyleInput(), expected_version=1)


def test_nobody_but_the_bodys_administrators_can_see_or_change_it(world, admin, other_admin, login, client):
    # another body's style (with its own marker) never shows at this body
    paper_style_save(
        body=world.other, user=other_admin, data=StyleInput(footer=OTHER_BODY_MARKER), expected_version=None
    )
    _save(world, admin)
    for user in (world.editor, world.approver, world.panel_member, world.other_editor, other_admin):
        client = login(user)
        assert client.get(_url(world)).status_code == 403
        response = client.post(_url(world), {**_form(footer="Hijack", version=1), "action": "save"})
        assert response.status_code == 403
        assert client.get(_url(world) + "?format=pdf").status_code == 403
    client.logout()
    assert client.get(_url(world)).status_code == 302
    assert PaperStyle.objects.get(body=world.body).footer == FOOTER
    with pytest.raises(PermissionDenied):
        paper_style_save(body=world.body, user=other_admin, data=StyleInput(), expected_version=1)
    with pytest.raises(PermissionDenied):
        paper_style_save(body=world.body, user=world.approver, data=StyleInput(), expected_version=1)
    page = login(admin).get(_url(world)).content.decode()
    assert OTHER_BODY_MARKER not in page
    assert OTHER_BODY_MARKER not in render.paper_html(_paper(world), look=paper_look_for(body=world.body))


def test_the_stylesheet_is_written_from_checked_values_only(world, login):
    client = login(world.editor)
    good = client.get(_url(world, "boardpapers_staff:style_css") + "?h=1d4f91&a=005a30&f=DejaVu+Sans")
    assert good["Content-Type"].startswith("text/css")
    css = good.content.decode()
    assert "color: #1d4f91" in css and "background: #005a30" in css and '"DejaVu Sans"' in css
    bad = client.get(
        _url(world, "boardpapers_staff:style_css"),
        {"h": "#fff;}body{display:none", "a": "url(x)", "f": 'A"}*{color:red'},
    ).content.decode()
    assert "display:none" not in bad and "url(" not in bad and "color:red" not in bad


def test_the_dashboard_links_the_page_for_administrators_only(world, admin, login):
    url = reverse("boardpapers_staff:style", args=[world.body.slug])
    assert url in login(admin).get(reverse("staff:dashboard")).content.decode()
    assert url not in login(world.editor).get(reverse("staff:dashboard")).content.decode()


def test_styled_and_office_template_word_documents_open_in_libreoffice(world, admin, tmp_path):
    """Both Word documents a style makes (house layout with a logo; an office's template filled by
    docxtpl) convert in LibreOffice without error and read back with the paper's text. Like
    test_libreoffice.py, it fails (never skips) without LibreOffice: scripts/ensure-libreoffice.sh."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    assert soffice, "soffice is not installed: run scripts/ensure-libreoffice.sh"
    paper = _paper(world)
    _save(world, admin, logo=Upload("crest.png", _png()))
    (tmp_path / "styled.docx").write_bytes(render.paper_docx(paper, look=paper_look_for(body=world.body)))
    template = _template(body_text=("Office heading: {{ title }}", "{{p content }}", "End: {{ footer }}"))
    _save(world, admin, word_template=Upload("office.docx", template))
    (tmp_path / "office.docx").write_bytes(render.paper_docx(paper, look=paper_look_for(body=world.body)))
    out = tmp_path / "txt"
    result = subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(out),
            str(tmp_path / "styled.docx"),
            str(tmp_path / "office.docx"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for name, extra in (("styled", []), ("office", ["Office heading: ", f"End: {FOOTER}"])):
        text = " ".join((out / f"{name}.txt").read_text(encoding="utf-8-sig").split())
        for wanted in [paper.content.title, "1. Purpose", "A short delay, with a new date agreed.", *extra]:
            assert wanted in text, f"{name}.docx read back without {wanted!r}"


def test_the_marking_the_style_names_is_offered_first(world, admin, login):
    url = reverse("boardpapers_staff:generate", args=[world.body.slug]) + "?kind=plan-delivery"
    client = login(world.editor)
    assert '<option value="NOT PROTECTIVELY MARKED" selected>' in client.get(url).content.decode()
    _save(world, admin, classification="OFFICIAL")
    page = client.get(url).content.decode()
    assert '<option value="OFFICIAL" selected>' in page
    assert '<option value="NOT PROTECTIVELY MARKED" selected>' not in page
