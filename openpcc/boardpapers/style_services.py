"""Writes for a body's paper style: every value is checked (a clear message naming what is wrong,
nothing saved), uploads are read and measured before they are stored, and each save is versioned
and kept in the history. Only the body's administrators may change it."""

from __future__ import annotations

import hashlib
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from openpcc.core.board_paper import CLASSIFICATIONS
from openpcc.core.colours import contrast_ratio
from openpcc.core.models import Body
from openpcc.core.permissions import ADMIN_ROLES, require_role
from openpcc.core.writing import save_versioned, stamp

from . import render
from .models import PaperStyle
from .render import HEX_COLOUR, TEMPLATE_FIELDS, PaperLook, TemplateProblem
from .style_selectors import available_fonts, paper_look, sample_paper

LOGO_MAX_BYTES = 1024 * 1024  # 1 MB
LOGO_MAX_SIDE = 4000  # pixels
LOGO_MIN_SIDE = 16
TEMPLATE_MAX_BYTES = 5 * 1024 * 1024  # 5 MB
TEMPLATE_MAX_UNPACKED = 50 * 1024 * 1024  # what its parts may add up to, unpacked
LOGO_FORMATS = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg")}
_LINE_BREAKS = re.compile(r"[\r\n\t]+")


@dataclass(frozen=True)
class Upload:
    """A file a person chose: its name as they had it and its bytes."""

    name: str
    data: bytes
    size: int = -1  # the file's size when only its start was read (too big to read whole)

    @property
    def length(self) -> int:
        return self.size if self.size >= 0 else len(self.data)


@dataclass
class StyleInput:
    """What the style form says. An upload of None keeps the saved file (unless removed)."""

    heading_colour: str = "#0b0c0c"
    accent_colour: str = "#1d4f91"
    font_family: str = ""
    footer: str = ""
    classification: str = CLASSIFICATIONS[0]
    logo: Upload | None = None
    remove_logo: bool = False
    word_template: Upload | None = None
    remove_word_template: bool = False


@dataclass
class CheckedStyle:
    """A style input that passed every check, with the measured logo; ``fields`` are what a save
    writes besides the files."""

    fields: dict[str, Any]
    logo: Upload | None = None
    logo_type: str = ""
    logo_size: tuple[int, int] = (0, 0)
    remove_logo: bool = False
    word_template: Upload | None = None
    remove_word_template: bool = False
    errors: dict[str, str] = field(default_factory=dict)

    def look(self, current: PaperStyle | None) -> PaperLook:
        """The look this input would give, before it is saved (for the preview): new uploads,
        otherwise the saved files unless they are being removed."""
        saved = paper_look(current)
        if self.logo is not None:
            logo, logo_type, (width, height) = self.logo.data, self.logo_type, self.logo_size
        elif self.remove_logo:
            logo, logo_type, width, height = b"", "", 0, 0
        else:
            logo, logo_type, width, height = saved.logo, saved.logo_type, saved.logo_width, saved.logo_height
        if self.word_template is not None:
            template = self.word_template.data
        else:
            template = b"" if self.remove_word_template else saved.word_template
        f = self.fields
        return PaperLook(
            heading_colour=f["heading_colour"],
            accent_colour=f["accent_colour"],
            font_family=f["font_family"],
            footer=f["footer"],
            logo=logo,
            logo_type=logo_type,
            logo_width=width,
            logo_height=height,
            word_template=template,
        )


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def colour_check(value: str, what: str) -> str:
    """``#rrggbb`` dark enough that white text on it, and it as text on white, reach AA (4.5:1)."""
    value = (value or "").strip()
    if not HEX_COLOUR.match(value):
        raise ValidationError(f"Give the {what} as #RRGGBB, for example #1d4f91.")
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < 4.5:
        raise ValidationError(
            f"The {what} {value} has a contrast ratio of {ratio:.2f}:1 with white; WCAG 2.2 AA needs at "
            "least 4.5:1. Choose a darker colour."
        )
    return value.lower()


def logo_check(upload: Upload) -> tuple[str, tuple[int, int]]:
    """A PNG or JPEG of at most 1 MB and 4,000 pixels a side, that Pillow can read through: its
    type and size. Anything else is refused with what is wrong with it."""
    from PIL import Image, ImageFile, UnidentifiedImageError

    if upload.length > LOGO_MAX_BYTES:
        raise ValidationError(f"The logo is {_size(upload.length)}; it can be at most 1 MB.")
    if not upload.data:
        raise ValidationError("The logo file is empty.")
    # WeasyPrint, once imported, tells Pillow to accept truncated images; a logo must be whole.
    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(upload.data)) as image:
                kind = image.format or ""
                width, height = image.size
                if kind in LOGO_FORMATS and max(width, height) <= LOGO_MAX_SIDE:
                    image.load()  # decode it all: a damaged file fails here, not in a paper
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            "The logo must be a PNG or JPEG image; this file is not an image that can be read."
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError("The logo image is damaged and cannot be read; save it again as PNG or JPEG.") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    if kind not in LOGO_FORMATS:
        raise ValidationError(f"The logo must be a PNG or JPEG image; this file is {kind or 'another kind'}.")
    if max(width, height) > LOGO_MAX_SIDE:
        raise ValidationError(
            f"The logo is {width} × {height} pixels; it can be at most {LOGO_MAX_SIDE:,} pixels a side."
        )
    if min(width, height) < LOGO_MIN_SIDE:
        raise ValidationError(f"The logo is {width} × {height} pixels; it needs at least {LOGO_MIN_SIDE} a side.")
    return LOGO_FORMATS[kind][0], (width, height)


def template_check(upload: Upload, *, body: Body) -> None:
    """An office's Word template: a .docx of at most 5 MB (50 MB unpacked) whose placeholders are
    all ones OpenPCC fills, with ``{{p content }}`` among them, and that fills without error."""
    if not upload.name.lower().endswith(".docx"):
        raise ValidationError("The Word template must be a .docx file (Word 2007 or later).")
    if upload.length > TEMPLATE_MAX_BYTES:
        raise ValidationError(f"The Word template is {_size(upload.length)}; it can be at most 5 MB.")
    try:
        with zipfile.ZipFile(io.BytesIO(upload.data)) as packed:
            unpacked = sum(info.file_size for info in packed.infolist())
            has_document = "word/document.xml" in packed.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError("The Word template is not a Word document (.docx) that can be opened.") from None
    if not has_document:
        raise ValidationError("The Word template is not a Word document (.docx): it has no document part.")
    if unpacked > TEMPLATE_MAX_UNPACKED:
        raise ValidationError(f"The Word template unpacks to {_size(unpacked)}; it can be at most 50 MB unpacked.")
    try:
        names = render.template_fields(upload.data)
    except TemplateProblem as problem:
        raise ValidationError(f"The Word template cannot be used: {problem}") from None
    unknown = sorted(names - set(TEMPLATE_FIELDS))
    if unknown:
        raise ValidationError(
            "The Word template asks for "
            + ", ".join("{{ " + n + " }}" for n in unknown)
            + ", which OpenPCC does not fill. It can use: "
            + ", ".join("{{ " + n + " }}" for n in TEMPLATE_FIELDS)
            + "."
        )
    if "content" not in names:
        raise ValidationError(
            "The Word template has no place for the paper: add {{p content }} in a paragraph of its own."
        )
    sample = sample_paper(body=body, classification=CLASSIFICATIONS[0], today=date(2000, 1, 1))
    try:
        render.paper_docx_from_template(sample, look=PaperLook(word_template=upload.data))
    except TemplateProblem as problem:
        raise ValidationError(f"The Word template cannot be used: {problem}") from None
    except Exception as exc:  # docxtpl meeting something it cannot fill: a message, never a 500
        raise ValidationError(
            f"The Word template cannot be filled ({type(exc).__name__}); check its placeholders."
        ) from None


def paper_style_check(*, body: Body, data: StyleInput) -> CheckedStyle:
    """Every value of ``data`` checked; raises one ValidationError naming each field that is wrong
    and why. Nothing is stored."""
    errors: dict[str, str] = {}
    fields: dict[str, Any] = {}
    for name, what in (("heading_colour", "heading colour"), ("accent_colour", "accent colour")):
        try:
            fields[name] = colour_check(getattr(data, name), what)
        except ValidationError as exc:
            errors[name] = " ".join(exc.messages)
    font = (data.font_family or "").strip()
    if font and font not in available_fonts():
        errors["font_family"] = "Choose a font from the list: only fonts installed on this server can be used."
    fields["font_family"] = font
    footer = _LINE_BREAKS.sub(" ", render.clean(data.footer or "")).strip()
    if len(footer) > 150:
        errors["footer"] = f"The footer text is {len(footer)} characters long; it can be at most 150."
    fields["footer"] = footer
    if data.classification not in CLASSIFICATIONS:
        errors["classification"] = "Choose a marking from the list: " + ", ".join(CLASSIFICATIONS) + "."
    fields["classification"] = data.classification
    checked = CheckedStyle(fields=fields, remove_logo=data.remove_logo, remove_word_template=data.remove_word_template)
    if data.logo is not None:
        try:
            checked.logo_type, checked.logo_size = logo_check(data.logo)
            checked.logo = data.logo
        except ValidationError as exc:
            errors["logo"] = " ".join(exc.messages)
    if data.word_template is not None:
        try:
            template_check(data.word_template, body=body)
            checked.word_template = data.word_template
        except ValidationError as exc:
            errors["word_template"] = " ".join(exc.messages)
    if errors:
        raise ValidationError(errors) from None
    return checked


def _store(body: Body, upload: Upload, extension: str) -> str:
    """Store an upload under its content's checksum (never overwriting, never deleted: the history
    points to it) and return its name in storage."""
    digest = hashlib.sha256(upload.data).hexdigest()
    name = f"paperstyles/{body.pk}/{digest}.{extension}"
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(upload.data))
        if saved != name:  # storage renamed it: keep what it says
            name = saved
    return name


def paper_style_save(*, body: Body, user: Any, data: StyleInput, expected_version: int | None) -> PaperStyle:
    """Save the body's paper style (its administrators only). ``expected_version`` is the version
    the form was made from (None when there was no style yet); someone else's save in between is
    refused with ConflictError and nothing is written."""
    require_role(user, body, ADMIN_ROLES, "change the style of its papers")
    checked = paper_style_check(body=body, data=data)
    fields = dict(checked.fields)
    if checked.logo is not None:
        extension = "png" if checked.logo_type == "image/png" else "jpg"
        fields.update(
            logo=_store(body, checked.logo, extension),
            logo_type=checked.logo_type,
            logo_width=checked.logo_size[0],
            logo_height=checked.logo_size[1],
            logo_name=checked.logo.name[:255],
        )
    elif checked.remove_logo:
        fields.update(logo="", logo_type="", logo_width=0, logo_height=0, logo_name="")
    if checked.word_template is not None:
        fields.update(
            word_template=_store(body, checked.word_template, "docx"),
            word_template_name=checked.word_template.name[:255],
        )
    elif checked.remove_word_template:
        fields.update(word_template="", word_template_name="")
    with transaction.atomic():
        style = PaperStyle.objects.select_for_update().filter(body=body).first()
        if style is None:
            style = PaperStyle(body=body, **fields)
            stamp(style, user=user, reason="Paper style set")
            style.save()
            return style
        return save_versioned(
            style,
            expected_version=expected_version if expected_version is not None else 0,
            fields=fields,
            change_reason="Paper style changed",
            user=user,
        )
