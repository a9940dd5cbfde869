"""A report as a scan, for the OCR fixtures and benchmark: the project's PDF rendering
rasterised at a resolution, then degraded the ways real scans and photos of printed
reports are — skew, noise, JPEG compression, a red round seal stamped over part of a
table, a handwritten signature, uneven light, a page photographed at an angle. The
result is a list of page images (RGB arrays), or a scanned PDF of them."""

from __future__ import annotations

import io
import math

import numpy as np

DEGRADATIONS = ("clean", "skew", "noise", "jpeg", "seal", "signature", "light", "photo")


def rasterise(pdf: bytes, dpi: int) -> list[np.ndarray]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    return [np.asarray(doc[i].render(scale=dpi / 72).to_pil().convert("RGB")) for i in range(len(doc))]


def _rotate(img: np.ndarray, degrees: float) -> np.ndarray:
    import cv2
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(img, m, (w, h), borderValue=(255, 255, 255), flags=cv2.INTER_LINEAR)


def _noise(img: np.ndarray, rng) -> np.ndarray:
    noisy = img.astype(np.int16) + rng.normal(0, 18, img.shape[:2])[..., None].astype(np.int16)
    specks = rng.random(img.shape[:2]) < 0.002
    noisy[specks] = 0
    return np.clip(noisy, 0, 255).astype(np.uint8)


def _jpeg(img: np.ndarray, quality: int = 30) -> np.ndarray:
    from PIL import Image
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, "JPEG", quality=quality)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))


def _seal(img: np.ndarray, dpi: int, rng) -> np.ndarray:
    """A red round seal (ring, star, arc of characters) stamped, semi-transparent, over
    the right half of the page's middle — where table 二's 总计 column runs."""
    import cv2
    h, w = img.shape[:2]
    r = int(2.1 / 2.54 * dpi)  # a 42 mm seal
    cx, cy = int(w * 0.68), int(h * (0.35 + 0.2 * rng.random()))
    stamp = np.zeros((h, w), np.uint8)
    cv2.circle(stamp, (cx, cy), r, 255, max(2, dpi // 40))
    star = [(cx + int(r * 0.3 * math.cos(math.pi / 2 + k * 4 * math.pi / 5)),
             cy - int(r * 0.3 * math.sin(math.pi / 2 + k * 4 * math.pi / 5))) for k in range(5)]
    cv2.fillPoly(stamp, [np.array(star, np.int32)], 255)
    for k in range(14):  # the agency's name around the ring: strokes standing in for characters
        a = math.pi * (0.15 + 0.7 * k / 13) + math.pi
        x, y = cx + int(r * 0.75 * math.cos(a)), cy + int(r * 0.75 * math.sin(a))
        cv2.rectangle(stamp, (x - r // 14, y - r // 14), (x + r // 14, y + r // 14), 255, max(1, dpi // 80))
    alpha = (stamp.astype(np.float32) / 255 * 0.75)[..., None]
    red = np.array([220, 30, 40], np.float32)
    return (img * (1 - alpha) + np.minimum(img, red) * alpha).astype(np.uint8)


def _signature(img: np.ndarray, dpi: int, rng) -> np.ndarray:
    import cv2
    h, w = img.shape[:2]
    out = img.copy()
    x, y = int(w * 0.55), int(h * 0.8)
    points = [(x + int(k * dpi * 0.12), y + int(rng.normal(0, dpi * 0.08))) for k in range(12)]
    cv2.polylines(out, [np.array(points, np.int32)], False, (20, 30, 120), max(2, dpi // 60), cv2.LINE_AA)
    return out


def _light(img: np.ndarray) -> np.ndarray:
    h, w = img.shape[:2]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    shade = 0.6 + 0.4 * (xs / w) * (0.6 + 0.4 * ys / h)
    return np.clip(img * shade[..., None] + 25 * (1 - shade[..., None]), 0, 255).astype(np.uint8)


def _photo(img: np.ndarray, rng) -> np.ndarray:
    import cv2
    h, w = img.shape[:2]
    d = 0.035
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[w * d * rng.random(), h * d * rng.random()], [w * (1 - d * rng.random()), h * d * rng.random()],
                      [w * (1 - d * rng.random()), h * (1 - d * rng.random())], [w * d * rng.random(), h * (1 - d * rng.random())]])
    m = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(img, m, (w, h), borderValue=(90, 90, 90), flags=cv2.INTER_LINEAR)
    return _jpeg(_light(warped), 60)


def degrade(img: np.ndarray, how: str, dpi: int, seed: int = 0) -> np.ndarray:
    """One page image degraded as `how` (one of DEGRADATIONS)."""
    rng = np.random.default_rng(seed)
    if how == "clean":
        return img
    if how == "skew":
        return _rotate(img, 1.5 * (1 if seed % 2 else -1))
    if how == "noise":
        return _noise(img, rng)
    if how == "jpeg":
        return _jpeg(img, 30)
    if how == "seal":
        return _seal(img, dpi, rng)
    if how == "signature":
        return _signature(img, dpi, rng)
    if how == "light":
        return _light(img)
    if how == "photo":
        return _photo(img, rng)
    raise ValueError(f"unknown degradation: {how}")


def scanned_pdf(images: list[np.ndarray], dpi: int) -> bytes:
    """Page images as a PDF without a text layer, as a scanner makes one."""
    from PIL import Image
    pages = [Image.fromarray(i) for i in images]
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))
    return buf.getvalue()


__all__ = ["DEGRADATIONS", "degrade", "rasterise", "scanned_pdf"]
