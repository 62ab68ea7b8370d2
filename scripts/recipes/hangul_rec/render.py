"""Renders one synthetic text line with PIL and degrades it the way photos do.

Output: the line as the product's recognizer input gets it, a float32 array [3, 48, w] in
BGR, pixel/127.5 - 1, height 48 (bilinear, aspect kept). Padding is added by the batcher.
"""
import glob
import io
import json
import os

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from .charset import DICT

HEIGHT = 48

# Held out from training, whole families: a gothic/sans (UnDotum), a gulim sans (Baekmuk
# Gulim), a serif/myeongjo (Noto Serif CJK KR), a rounded sans (NanumSquareRound) and a neat
# pen style (NanumBarunpen). Bold/light weights of the same families are held out too, so
# the test never sees a design the model was trained on.
HELD_OUT_FAMILIES = ["UnDotum", "Baekmuk Gulim", "Noto Serif CJK KR", "NanumSquareRound", "NanumBarunpen"]
# The test set renders only these five faces (regular weights).
TEST_FACES = ["NanumBarunpenR.ttf", "UnDotum.ttf", "gulim.ttf", "NanumSquareRoundR.ttf",
              "NotoSerifCJK-Regular.ttc"]
# Brush/handwriting styles train at a lower weight: useful variety, but not what signs use.
HANDWRITING = ["NanumBrush", "NanumPen", "UnPenheulim", "UnPilgi", "UnPen.ttf", "UnYetgul"]
FONT_DIRS = ["/usr/share/fonts/truetype/nanum", "/usr/share/fonts/truetype/unfonts-core",
             "/usr/share/fonts/truetype/unfonts-extra", "/usr/share/fonts/truetype/baekmuk",
             "/usr/share/fonts/opentype/noto"]


def ttc_faces(path):
    """(index, family) of the Korean faces inside a Noto .ttc."""
    faces = []
    for i in range(12):
        try:
            fam = ImageFont.truetype(path, 20, index=i).getname()[0]
        except OSError:
            break
        if fam.endswith("CJK KR"):
            faces.append((i, fam))
    return faces


def all_faces():
    """Every Korean face on the machine: dicts with path, index, family, name."""
    faces = []
    for d in FONT_DIRS:
        for path in sorted(glob.glob(f"{d}/*.tt[fc]")):
            if path.endswith(".ttc"):
                for i, fam in ttc_faces(path):
                    faces.append({"path": path, "index": i, "family": fam,
                                  "name": f"{os.path.basename(path)}#{fam}"})
            else:
                fam = ImageFont.truetype(path, 20).getname()[0]
                faces.append({"path": path, "index": 0, "family": fam, "name": os.path.basename(path)})
    return faces


def is_held_out(face):
    return any(face["family"].startswith(f) for f in HELD_OUT_FAMILIES)


def split_faces():
    """(train faces, test faces). The test faces are the five regular held-out faces."""
    faces = all_faces()
    train = [f for f in faces if not is_held_out(f)]
    test = [f for f in faces if os.path.basename(f["path"]) in TEST_FACES
            and (not f["path"].endswith(".ttc") or f["family"] == "Noto Serif CJK KR")]
    assert len(test) == len(TEST_FACES), [f["name"] for f in test]
    return train, test


def coverage(face):
    """The charset characters the face really draws (not as .notdef / empty box)."""
    font = ImageFont.truetype(face["path"], 32, index=face["index"])
    glyph = lambda c: Image.Image()._new(font.getmask(c)).tobytes()
    notdef = {glyph("\uffff"), glyph("\U000f0000")}
    return "".join(c for c in DICT if glyph(c) not in notdef
                   and font.getbbox(c)[2] > font.getbbox(c)[0])


def load_coverage(faces, cache="/work/hangul/coverage.json"):
    data = {}
    if os.path.exists(cache):
        with open(cache, encoding="utf-8") as f:
            data = json.load(f)
    missing = [f for f in faces if f["name"] not in data]
    for f in missing:
        data[f["name"]] = coverage(f)
    if missing:
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        with open(cache, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
    return {f["name"]: set(data[f["name"]]) for f in faces}


class Renderer:
    """Draws lines in a set of faces. `mode` 'train' or 'test' picks the degradation config."""

    def __init__(self, faces, cover, rng, mode="train"):
        self.faces = faces
        self.cover = cover
        self.rng = rng
        self.mode = mode
        self.weights = np.array([0.4 if any(h in f["path"] for h in HANDWRITING) else 1.0 for f in faces])
        self.weights /= self.weights.sum()
        self.cache = {}

    def font(self, face, size):
        key = (face["name"], size)
        if key not in self.cache:
            if len(self.cache) > 400:
                self.cache.clear()
            self.cache[key] = ImageFont.truetype(face["path"], size, index=face["index"])
        return self.cache[key]

    def pick_face(self, text):
        """A face that draws every character of the line (None if no face does)."""
        chars = set(text) - {" "}
        for _ in range(8):
            f = self.faces[int(self.rng.choice(len(self.faces), p=self.weights))]
            if chars <= self.cover[f["name"]]:
                return f
        ok = [f for f in self.faces if chars <= self.cover[f["name"]]]
        return ok[int(self.rng.integers(len(ok)))] if ok else None

    # ---- text mask -------------------------------------------------------------------
    def text_mask(self, text, font, spacing, stroke):
        """An 'L' mask of the text with generous margins (cropped later)."""
        asc, desc = font.getmetrics()
        size = asc + desc
        if spacing == 0:
            width = font.getlength(text)
        else:
            width = sum(font.getlength(c) for c in text) + spacing * (len(text) - 1)
        pad = size
        img = Image.new("L", (int(width + 2 * pad + 2 * stroke), int(size + 2 * pad)), 0)
        d = ImageDraw.Draw(img)
        if spacing == 0:
            d.text((pad, pad), text, font=font, fill=255, stroke_width=stroke, stroke_fill=255)
        else:
            x = pad
            for c in text:
                d.text((x, pad), c, font=font, fill=255, stroke_width=stroke, stroke_fill=255)
                x += font.getlength(c) + spacing
        # The line box a detector would see: ascent..descent of the font, not the ink.
        return img, (pad, pad, pad + width, pad + size)

    def geometry(self, mask, box):
        """Slight rotation, shear and perspective around the line (the box moves with it)."""
        r = self.rng
        w, h = mask.size
        ang = r.normal(0, 1.2) if r.random() < 0.6 else 0.0
        shear = r.normal(0, 0.12) if r.random() < 0.3 else 0.0
        a, cx, cy = np.deg2rad(ang), w / 2, h / 2
        # Inverse map (output -> input) for PIL's affine transform.
        m = np.array([[np.cos(a), np.sin(a) + shear, 0], [-np.sin(a), np.cos(a), 0]])
        m[0, 2] = cx - m[0, 0] * cx - m[0, 1] * cy
        m[1, 2] = cy - m[1, 0] * cx - m[1, 1] * cy
        mask = mask.transform((w, h), Image.AFFINE, tuple(m.ravel()), Image.BILINEAR)
        if r.random() < 0.25:  # keystone: one end of the line a little taller
            k = r.uniform(-0.08, 0.08) * h
            quad = (0, -k, 0, h + k, w, h - k, w, k)
            mask = mask.transform((w, h), Image.QUAD, quad, Image.BILINEAR)
        # The box grows with the rotation (as a detector's rotated box would after cropping).
        x0, y0, x1, y1 = box
        extra = abs(np.tan(a)) * (x1 - x0) / 2 + abs(shear) * (y1 - y0) / 2
        return mask, (x0, y0 - extra, x1, y1 + extra)

    def crop(self, mask, box):
        """A detector-like crop: a few px of margin, sometimes loose, sometimes cut."""
        r = self.rng
        x0, y0, x1, y1 = box
        h = y1 - y0
        if r.random() < 0.15:  # tight to the ink, as a tight detector box
            bb = mask.getbbox() or (0, 0, 1, 1)
            x0, y0, x1, y1 = bb
            h = max(1, y1 - y0)
        top = r.uniform(-0.08, 0.25) * h
        bot = r.uniform(-0.08, 0.25) * h
        left = r.uniform(-0.03, 0.4) * h
        right = r.uniform(-0.03, 0.4) * h
        return (int(x0 - left), int(y0 - top), int(np.ceil(x1 + right)), int(np.ceil(y1 + bot)))

    # ---- colours and backgrounds ------------------------------------------------------
    def colours(self):
        r = self.rng
        mode = r.random()
        if mode < 0.55:    # dark on light
            bg, fg = r.uniform(150, 255, 3), r.uniform(0, 90, 3)
        elif mode < 0.8:   # light on dark (signs)
            bg, fg = r.uniform(0, 110, 3), r.uniform(170, 255, 3)
        else:              # coloured sign: one saturated colour, text white or black
            bg = r.uniform(0, 255, 3)
            bg[int(r.integers(3))] = r.uniform(150, 255)
            fg = np.full(3, 255.0) if bg.mean() < 140 else r.uniform(0, 60, 3)
        if self.mode == "test":  # held-out palette: greyer, lower-contrast pairs
            mid = (bg + fg) / 2
            bg, fg = mid + (bg - mid) * 0.8, mid + (fg - mid) * 0.8
        if r.random() < 0.5:
            bg, fg = bg.mean() + (bg - bg.mean()) * 0.3, fg.mean() + (fg - fg.mean()) * 0.3
        return bg, fg

    def background(self, w, h, bg):
        r = self.rng
        img = np.ones((h, w, 3), np.float32) * bg
        kind = r.random()
        if kind < 0.3:     # linear gradient (light falling across a sign)
            g = np.linspace(0, 1, w if r.random() < 0.7 else h, dtype=np.float32)
            g = g[None, :, None] if g.size == w else g[:, None, None]
            img = img + (g - 0.5) * r.uniform(-80, 80)
        elif kind < 0.5:   # smooth blotches (paper, dirt)
            small = r.normal(0, 1, (max(2, h // 12), max(2, w // 12), 3)).astype(np.float32)
            blot = np.asarray(Image.fromarray(((small * 30) + 128).clip(0, 255).astype(np.uint8)).resize((w, h), Image.BILINEAR), np.float32) - 128
            img = img + blot * r.uniform(0.3, 1.0)
        elif kind < 0.6:   # a texture of faint lines (ruled label, metal)
            yy = np.arange(h)[:, None, None]
            img = img + np.sin(yy * r.uniform(0.3, 1.5) + r.uniform(0, 6)) * r.uniform(3, 20)
        return img

    # ---- photometric degradations -----------------------------------------------------
    def degrade(self, img):
        """img: uint8 RGB PIL image at height 48."""
        r = self.rng
        if r.random() < 0.4:
            img = img.filter(ImageFilter.GaussianBlur(r.uniform(0.3, 1.3)))
        a = np.asarray(img, np.float32)
        if r.random() < 0.5:
            a = a + r.normal(0, r.uniform(2, 14), a.shape)
        if r.random() < 0.3:  # contrast / brightness
            a = (a - 128) * r.uniform(0.5, 1.3) + 128 + r.uniform(-40, 40)
        img = Image.fromarray(a.clip(0, 255).astype(np.uint8))
        if r.random() < 0.35:
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=int(r.integers(15, 70)))
            img = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
        return img

    # ---- the whole line ---------------------------------------------------------------
    def render(self, text):
        """(float32 [3, 48, w] BGR normalized, uint8 grey [48, w]) or None if no face fits."""
        r = self.rng
        face = self.pick_face(text)
        if face is None:
            return None
        size = int(r.choice([18, 22, 26, 30, 34, 38, 44, 52, 60]))
        font = self.font(face, size)
        spacing = 0 if r.random() < 0.7 else int(r.uniform(-0.05, 0.25) * size)
        stroke = 1 if (r.random() < 0.12 and size >= 26) else 0
        mask, box = self.text_mask(text, font, spacing, stroke)
        mask, box = self.geometry(mask, box)
        x0, y0, x1, y1 = self.crop(mask, box)
        mask = mask.crop((x0, y0, x1, y1))
        w, h = mask.size
        bg, fg = self.colours()
        canvas = self.background(w, h, bg)
        alpha = np.asarray(mask, np.float32)[:, :, None] / 255.0
        canvas = canvas * (1 - alpha) + fg * alpha
        img = Image.fromarray(canvas.clip(0, 255).astype(np.uint8), "RGB")
        # Low resolution photos: shrink before the resize to 48 (the detector upsamples).
        if r.random() < 0.2:
            s = r.uniform(0.35, 0.8)
            img = img.resize((max(4, int(w * s)), max(4, int(h * s))), Image.BILINEAR)
        new_w = max(8, min(2048, int(round(img.size[0] * HEIGHT / img.size[1]))))
        img = img.resize((new_w, HEIGHT), Image.BILINEAR)
        img = self.degrade(img)
        rgb = np.asarray(img, np.float32)
        x = (rgb[:, :, ::-1].transpose(2, 0, 1) / 127.5 - 1.0).astype(np.float32)  # BGR, CHW
        grey = np.asarray(img.convert("L"))
        return x, grey
