"""The recognizer's character set and its CTC class layout (PaddleOCR's convention).

Class 0 is the CTC blank, classes 1..len(dict) are the dict.txt lines in order and the last
class is the space, exactly what the product's ctcCharset() builds: ['', ...dict, ' '].
"""

# Symbols that are frequent on Korean labels, signs and meters but are not printable ASCII.
EXTRA_SYMBOLS = list("·℃㎎㎖㎞㎏㎡㎥³²※°±×÷→←↑↓●■▲★○□△☎♥「」『』…‘’“”")


def ksx1001_hangul():
    """The 2,350 precomposed syllables of KS X 1001, in EUC-KR code order (= Unicode order)."""
    out = []
    for row in range(0xB0, 0xC9):
        for col in range(0xA1, 0xFF):
            try:
                out.append(bytes([row, col]).decode("euc-kr"))
            except UnicodeDecodeError:
                pass  # the code table has holes only outside the syllable rows; be safe anyway
    assert len(out) == 2350, len(out)
    return out


def printable_ascii():
    """The 94 printable ASCII characters without the space (the space is the last class)."""
    return [chr(c) for c in range(0x21, 0x7F)]


def build_dict():
    """dict.txt lines: Hangul, then ASCII, then the extra symbols; no duplicates, no space."""
    chars = ksx1001_hangul() + printable_ascii() + EXTRA_SYMBOLS
    assert len(set(chars)) == len(chars), "duplicate character in the charset"
    return chars


DICT = build_dict()
HANGUL = set(ksx1001_hangul())
CLASSES = [""] + DICT + [" "]      # what the product decodes with
NUM_CLASSES = len(CLASSES)
CHAR_TO_CLASS = {c: i for i, c in enumerate(CLASSES) if i > 0}


def encode(text):
    """Text -> class ids (every character must be in the charset)."""
    return [CHAR_TO_CLASS[c] for c in text]


def decode_greedy(ids):
    """Greedy CTC: collapse repeats, drop blanks."""
    out, prev = [], 0
    for i in ids:
        if i != prev and i != 0:
            out.append(CLASSES[i])
        prev = i
    return "".join(out)


def script_class(ch):
    """The per-script CER buckets of the evaluation."""
    if ch in HANGUL or "\uac00" <= ch <= "\ud7a3":
        return "hangul"
    if "0" <= ch <= "9":
        return "digits"
    if ("a" <= ch <= "z") or ("A" <= ch <= "Z"):
        return "latin"
    if ch == " ":
        return "space"
    return "other"


def write_dict(path):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(c + "\n" for c in DICT))
