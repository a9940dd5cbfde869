"""Scans → Document, by OCR on this machine: a PDF page without a text layer, or an image
file (PNG, JPEG, TIFF, BMP, WebP). The engine is RapidOCR's PaddleOCR (PP-OCRv4) models
on ONNX Runtime, which the wheel carries: nothing is downloaded, nothing leaves the
machine. Each recognised word keeps its page, box and confidence and becomes a piece of
the same rows every other form produces (`positioned.py`); the extractor then checks
the digits it read against the tables' identities (`extract/ocr.py`).

A word made only of digits and their look-alikes (``o`` for 0, ``l`` for 1 beside other
digits) is read as the digits, its confidence lowered and the engine's reading kept.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import math
import os
import re
import warnings

from ..errors import UnreadableInput
from .document import Document
from .positioned import Word, build_document

DPI = 200  # pages of a scanned PDF are rendered at this resolution for recognition
MAX_PAGES = 60  # a scanned report of more pages is refused: some 10 s a page on one core
MAX_PIXELS = 60_000_000  # one image; a 600-dpi A3 page is some 35 million
LOW = 0.9  # a digit read with less confidence than this is open to correction by the identities
NOISY = 7.0  # mean change a 3×3 median makes to a page: under 5 for a clean scan, 10 and more for a noisy one
LOOKALIKE_CONFIDENCE = 0.5  # a look-alike read as a digit counts as this sure at most

_ENGINE = None
_ZERO = "oO〇○"
_DIGITISH = re.compile(r"^[0-9oO〇○lI,.]+$")


def engine():
    """The OCR engine of this process (its models loaded once; one thread, so that a
    batch's workers share the cores instead of fighting for them)."""
    global _ENGINE
    if _ENGINE is None:
        try:
            import cv2  # noqa: F401  (OpenCV needs the system's libGL: scripts/system-deps)
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as err:  # installed with gongkai; the system libraries by scripts/system-deps
            raise UnreadableInput(f"OCR 引擎无法加载，无法识别扫描件：{err}（运行 scripts/system-deps 安装 libgl1）"
                                  "（OCR engine unavailable）") from err
        threads = int(os.environ.get("GONGKAI_OCR_THREADS", "1"))
        _ENGINE = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1, print_verbose=False)
    return _ENGINE


def as_digits(text: str) -> str | None:
    """The digits a word stands for where it holds look-alikes ("o" → "0", "1l" → "11"),
    else None."""
    if not _DIGITISH.match(text) or text.isdigit():
        return None
    has_digit = any(ch.isdigit() for ch in text)
    if not has_digit and any(ch in "lI,." for ch in text):
        return None  # "l" or "I" alone is a letter, not a one
    out = "".join("0" if ch in _ZERO else "1" if ch in "lI" else ch for ch in text)
    return out if re.fullmatch(r"\d+(?:[.,]\d+)*", out) else None


def _skew(result) -> float:
    """The page's skew in radians: the median slope of the long words' top edges (0 when
    under a quarter of a degree, or when too few words say)."""
    slopes = []
    for box, _, _ in result:
        (x0, y0), (x1, y1) = box[0], box[1]
        height = abs(box[3][1] - box[0][1]) or 1
        if x1 - x0 > 3 * height:
            slopes.append(math.atan2(y1 - y0, x1 - x0))
    if len(slopes) < 5:
        return 0.0
    slopes.sort()
    turn = slopes[len(slopes) // 2]
    return turn if abs(turn) > math.radians(0.25) else 0.0


def prepared(image):
    """A page image as the engine reads it best: the red channel only — a red seal
    stamped over the figures turns light, black print and blue ink stay dark — smoothed
    where the scan is noisy, with the page's uneven light (a shadow, a photo's vignette)
    divided out."""
    import cv2
    import numpy as np

    red = image[..., 0] if image.ndim == 3 else image
    smooth = cv2.medianBlur(red, 3)
    if cv2.absdiff(red, smooth).mean() > NOISY:  # a noisy scan: its specks go, strokes stay
        red = smooth
    background = cv2.morphologyEx(red, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (25, 25)))
    level = np.clip(red.astype(np.float32) / np.maximum(background, 1) * 255, 0, 255).astype(np.uint8)
    return cv2.cvtColor(level, cv2.COLOR_GRAY2RGB)


def recognise(image, page: int, dpi: float) -> list[Word]:
    """One page image (an RGB array) → its words, boxes in points."""
    ocr = engine()
    image = prepared(image)
    result, _ = ocr(image, use_cls=False)
    scale = 72.0 / dpi
    words = []
    result = result or []
    turn = _skew(result)
    h, w = image.shape[:2]
    cos, sin = math.cos(-turn), math.sin(-turn)
    for box, text, confidence in result:
        text = text.strip()
        if not text:
            continue
        if turn:  # the page scanned askew: its words set level, so that a row stays a row
            box = [((x - w / 2) * cos - (y - h / 2) * sin + w / 2, (x - w / 2) * sin + (y - h / 2) * cos + h / 2)
                   for x, y in box]
        xs, ys = [p[0] for p in box], [p[1] for p in box]
        word = Word(text, page, (min(xs) * scale, min(ys) * scale, max(xs) * scale, max(ys) * scale),
                    float(confidence))
        digits = as_digits(text)
        if digits is not None:
            word.printed, word.text = text, digits
            word.confidence = min(word.confidence, LOOKALIKE_CONFIDENCE)
        words.append(word)
    return words


class NeedsOcr(UnreadableInput):
    """A scan met where OCR was not allowed (`ocr_allowed(False)`): the caller may read it
    again with OCR, giving it the time its pages need."""

    code = "scan"

    def __init__(self, pages: int):
        self.pages = pages
        super().__init__(f"扫描件（{pages} 页，无文字层），需要 OCR 识别（scanned pages; needs OCR）")

    def __reduce__(self):  # it crosses the sandbox's pipe
        return NeedsOcr, (self.pages,)


_ALLOWED: contextvars.ContextVar[bool] = contextvars.ContextVar("gongkai_ocr", default=True)


def allowed() -> bool:
    """Whether a scan may be recognised here: asked for (the default), and in a process
    where the engine may run (not a sandbox worker for text, whose address space is
    too small for it: there a scan raises NeedsOcr, to be read in the worker for scans)."""
    from ..sandbox import ocr_capable
    return _ALLOWED.get() and ocr_capable()


@contextlib.contextmanager
def ocr_allowed(allow: bool):
    """Within: scans are recognised (True) or refused with NeedsOcr (False)."""
    token = _ALLOWED.set(allow)
    try:
        yield
    finally:
        _ALLOWED.reset(token)


SECONDS_PER_PAGE = 40  # the wall time a scanned page is given (some 5–10 s on one core)


def wall_for(pages: int, base: float) -> float:
    """The wall time for reading a scan of `pages` pages, at least `base`."""
    return max(base, 20 + SECONDS_PER_PAGE * pages)


def read_pages(images, pages: int, form: str, dpi: float = DPI, source: dict | None = None) -> Document:
    """Page images (RGB arrays) → Document."""
    if pages > MAX_PAGES:
        raise UnreadableInput(f"扫描件有 {pages} 页，超过 OCR 识别的上限 {MAX_PAGES} 页（too many scanned pages）")
    if not allowed():
        raise NeedsOcr(pages)
    from ..sandbox import next_document  # each page its own CPU time: a long scan is long, not runaway

    def recognised():
        for number, image in enumerate(images, 1):
            next_document()
            yield recognise(image, number, dpi)

    doc = build_document(recognised(), form, {"ocr": "rapidocr", "dpi": dpi, **(source or {})})
    if not any(line.strip() for line in doc.lines):
        raise UnreadableInput("扫描件中未识别出任何文字（no text recognised in the scan）")
    return doc


IMAGE_MAGIC = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"II*\x00", "tiff"),
               (b"MM\x00*", "tiff"), (b"BM", "bmp"))


_BMP_HEADERS = (b"\x0c", b"(", b"@", b"l", b"|")  # a BMP's DIB header size at byte 14: 12, 40, 64, 108, 124


def image_kind(head: bytes) -> str | None:
    """"png", "jpeg", "tiff", "bmp", "webp" by the file's first bytes, else None."""
    for magic, kind in IMAGE_MAGIC:
        if head.startswith(magic):
            return kind if kind != "bmp" or len(head) > 26 and head[14:15] in _BMP_HEADERS else None
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def read_image(data: bytes) -> Document:
    """An image file (one page, or a multi-page TIFF) → Document."""
    with warnings.catch_warnings():  # Pillow warns of what it can read past (bad EXIF): the reading says the rest
        warnings.simplefilter("ignore")
        return _read_image(data)


def _read_image(data: bytes) -> Document:
    import numpy as np
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        img = Image.open(io.BytesIO(data))
        if img.width * img.height > MAX_PIXELS:
            raise Image.DecompressionBombError("too many pixels")
        frames = getattr(img, "n_frames", 1)
        dpi = float((img.info.get("dpi") or (DPI, DPI))[0] or DPI)
    except UnidentifiedImageError as err:
        raise UnreadableInput("图片文件损坏，无法识别其格式（damaged image）") from err
    except Image.DecompressionBombError as err:
        raise UnreadableInput(f"图片过大：超过 {MAX_PIXELS // 1_000_000} 百万像素，已拒绝（image too large）") from err
    except (OSError, ValueError) as err:
        raise UnreadableInput(f"图片文件损坏，无法打开（damaged image: {err}）") from err

    def pages():
        for index in range(frames):
            try:
                img.seek(index)
                yield np.asarray(img.convert("RGB"))
            except (OSError, ValueError, Image.DecompressionBombError) as err:
                raise UnreadableInput(f"图片第 {index + 1} 页损坏，无法读取（damaged image: {err}）") from err

    return read_pages(pages(), frames, "image", dpi if 50 <= dpi <= 1200 else DPI)


def read_scanned_pdf(pdf, dpi: float = DPI) -> Document:
    """A PDF without a text layer (pypdfium2 document) → Document, page by page."""
    import numpy as np

    def pages():
        for index in range(len(pdf)):
            page = pdf[index]
            bitmap = page.render(scale=dpi / 72)
            yield np.asarray(bitmap.to_pil().convert("RGB"))
            page.close()

    return read_pages(pages(), len(pdf), "pdf", dpi, {"scanned": True})


__all__ = ["DPI", "LOW", "NeedsOcr", "allowed", "as_digits", "engine", "ocr_allowed", "wall_for", "image_kind", "read_image", "read_pages", "read_scanned_pdf",
           "recognise"]
