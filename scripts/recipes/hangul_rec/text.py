"""Synthetic line content: what Korean signs, labels, meters and notices say.

Words come from hunspell-ko (flags stripped, only words inside the charset). A stable hash
splits them: one word in ten is TEST-ONLY, so held-out lines also hold unseen words.
"""
import unicodedata
import zlib

from .charset import DICT, HANGUL, ksx1001_hangul

HUNSPELL = "/usr/share/hunspell/ko.dic"
SYLLABLES = ksx1001_hangul()
ASCII = [chr(c) for c in range(0x21, 0x7F)]
SYMBOLS = [c for c in DICT if c not in HANGUL and c not in ASCII]
UNITS = ["mg", "g", "kg", "mL", "ml", "L", "km", "m", "cm", "mm", "kWh", "W", "V", "A", "%",
         "℃", "°C", "m³", "㎥", "㎡", "㎎", "㎖", "㎞", "㎏", "원", "개", "회", "분", "초", "시간",
         "일", "정", "캡슐", "포", "매", "층", "호", "번", "명", "대", "km/h", "MHz", "ppm", "lx"]
LATIN_WORDS = ["EXIT", "Exit", "STOP", "Parking", "PARKING", "Open", "OPEN", "Closed", "WiFi",
               "Wi-Fi", "Toilet", "Info", "Seoul", "Busan", "Gwangju", "Daegu", "Incheon", "KTX",
               "SRT", "Bus", "Taxi", "Station", "Gate", "Hotel", "Cafe", "Coffee", "Pharmacy",
               "Hospital", "Tel", "Fax", "No", "Max", "Min", "Total", "Type", "Model", "LED",
               "CCTV", "ATM", "GS", "CU", "LG", "SK", "KT", "kWh", "Lot", "EXP", "MFG", "Made in Korea",
               "Seoul Metro", "Line", "Floor", "B1", "B2", "1F", "2F", "Rx", "OTC", "Tab", "Cap",
               "Ltd", "Co.", "Inc.", "www", "http://", ".com", ".kr", "@", "#", "No.", "Ver.", "Push",
               "Pull", "Danger", "Caution", "Warning", "Emergency", "Fire", "Power", "ON", "OFF"]
TEMPLATES = [
    "1일 {n1}회 식후 {n2}분", "{w} {n}km", "최고속도 {n}", "유효기간 {date}", "{w}정 {n}mg",
    "{w} {n}{u}", "{n}{u} {w}", "{w} {phone}", "전화 {phone}", "{date} {time}", "{time} ~ {time}",
    "{w}({w})", "{w} {w} {n}{u}", "제조일자 {date}", "{w} {price}원", "{price}원", "{w}: {n}{u}",
    "{w} {n}층", "{n}번 출구", "{w}역 {n}번 출구", "{w} → {w}", "※ {w} {w}", "{w} · {w}",
    "{n}.{d}℃", "{n}.{d}%", "{n},{n3} kWh", "지침 {n5}", "{w} {lat}", "{lat} {w}", "{lat} {n}",
    "{w} No.{n}", "Tel. {phone}", "{w} {n}-{n}", "{date}까지", "{w}시 {w}구 {w}로 {n}",
    "{n}{u}/{n}{u}", "[{w}] {w}", "<{w}>", "\"{w}\" {w}", "'{w}'", "{w}! {w}?", "{w}; {w}",
    "{n} x {n} = {n}", "{w} {n}+{n}", "{w}_{n}", "{w}^{n}", "#{n} {w}", "${n}.{d2}", "{w} {pct}",
    "{w}&{w}", "{w} | {w}", "{w} * {n}", "{w} {n}/{n}", "~{n}{u}", "{w} ㈜", "{w} 주식회사",
]
TEMPLATES = [t for t in TEMPLATES if "㈜" not in t]  # ㈜ is not in the charset


def stable_test_word(word):
    """One word in ten is held out for the test set only (stable across runs and machines)."""
    return zlib.crc32(word.encode("utf-8")) % 10 == 0


def load_words(split):
    """hunspell-ko words of one split ('train' or 'test'), characters all in the charset."""
    allowed = set(DICT)
    words = []
    with open(HUNSPELL, encoding="utf-8") as f:
        next(f)  # the first line is the word count
        for line in f:
            # ko.dic stores decomposed jamo (NFD); the charset holds precomposed syllables.
            w = unicodedata.normalize("NFC", line.strip().split("/")[0])
            if not w or len(w) > 10 or not all(c in allowed for c in w):
                continue
            if not any(c in HANGUL for c in w):
                continue
            if stable_test_word(w) == (split == "test"):
                words.append(w)
    return words


class TextGen:
    """Draws one line of text at a time from a numpy Generator (deterministic per seed)."""

    def __init__(self, rng, words):
        self.rng = rng
        self.words = words

    def pick(self, seq):
        return seq[int(self.rng.integers(len(seq)))]

    def num(self, digits=None):
        d = digits or int(self.rng.choice([1, 1, 2, 2, 2, 3, 3, 4]))
        first = str(self.rng.integers(1 if d > 1 else 0, 10))
        return first + "".join(str(self.rng.integers(10)) for _ in range(d - 1))

    def date(self):
        y, m, d = self.rng.integers(1990, 2040), self.rng.integers(1, 13), self.rng.integers(1, 32)
        sep = self.pick([".", ".", "-", "/", ". "])
        return f"{y}{sep}{m:02d}{sep}{d:02d}" if self.rng.random() < 0.7 else f"{y}{sep}{m}{sep}{d}"

    def time(self):
        return f"{self.rng.integers(0, 24):02d}:{self.rng.integers(0, 60):02d}"

    def phone(self):
        a = self.pick(["02", "031", "032", "051", "053", "062", "064", "010", "1588", "070"])
        if a == "1588":
            return f"1588-{self.num(4)}"
        return f"{a}-{self.num(self.pick([3, 4]))}-{self.num(4)}"

    def price(self):
        n = int(self.rng.integers(1, 1000)) * int(self.pick([10, 100, 1000]))
        return f"{n:,}" if self.rng.random() < 0.8 else str(n)

    def random_syllables(self, n):
        """Uniform over all 2,350 syllables: the word list alone never shows the rare ones."""
        return "".join(self.pick(SYLLABLES) for _ in range(n))

    def template(self):
        t = self.pick(TEMPLATES)
        fill = {
            "w": lambda: self.pick(self.words), "n": self.num, "n1": lambda: self.num(1),
            "n2": lambda: self.pick(["10", "20", "30", "60"]), "n3": lambda: self.num(3),
            "n5": lambda: self.num(5), "d": lambda: self.num(1), "d2": lambda: self.num(2),
            "u": lambda: self.pick(UNITS), "date": self.date, "time": self.time,
            "phone": self.phone, "price": self.price, "lat": lambda: self.pick(LATIN_WORDS),
            "pct": lambda: f"{self.num()}%",
        }
        out, i = [], 0
        while i < len(t):
            if t[i] == "{":
                j = t.index("}", i)
                out.append(fill[t[i + 1:j]]())
                i = j + 1
            else:
                out.append(t[i])
                i += 1
        return "".join(out)

    def words_line(self):
        n = int(self.rng.choice([1, 1, 2, 2, 2, 3, 3, 4]))
        parts = [self.pick(self.words) for _ in range(n)]
        if self.rng.random() < 0.3:  # a number or unit glued to a word, as on labels
            k = int(self.rng.integers(len(parts)))
            parts[k] = parts[k] + self.pick(["", " "]) + self.num() + self.pick(UNITS + [""])
        return " ".join(parts)

    def syllable_line(self):
        groups = [self.random_syllables(int(self.rng.integers(1, 6)))
                  for _ in range(int(self.rng.integers(1, 4)))]
        return " ".join(groups)

    def ascii_line(self):
        """Latin words and uniform ASCII so that every printable ASCII character is seen."""
        parts = []
        for _ in range(int(self.rng.integers(1, 4))):
            r = self.rng.random()
            if r < 0.4:
                parts.append(self.pick(LATIN_WORDS))
            elif r < 0.7:
                parts.append("".join(self.pick(ASCII) for _ in range(int(self.rng.integers(1, 7)))))
            else:
                parts.append(self.num(int(self.rng.integers(1, 7))))
        return " ".join(parts)

    def mixed_line(self):
        """Any charset character, symbols included, in short groups."""
        pool = [SYLLABLES, ASCII, SYMBOLS, list("0123456789")]
        parts = []
        for _ in range(int(self.rng.integers(1, 4))):
            parts.append("".join(self.pick(self.pick(pool)) for _ in range(int(self.rng.integers(1, 6)))))
        return " ".join(parts)

    def line(self, easy=False):
        r = self.rng.random()
        if easy:  # early curriculum: short pieces make CTC's alignment obvious, so the CNN
            # learns glyph identity first (long lines alone kept it on a position prior)
            if r < 0.5:
                w = self.pick(self.words)
                k = int(self.rng.integers(1, 4))
                i = int(self.rng.integers(0, max(1, len(w) - k + 1)))
                s = w[i:i + k]
            elif r < 0.65:
                s = self.pick([self.random_syllables(int(self.rng.integers(1, 3))), self.num(),
                               "".join(self.pick(ASCII) for _ in range(int(self.rng.integers(1, 3))))])
            elif r < 0.9:
                s = self.pick(self.words)
            else:
                s = self.template()
            return " ".join(s.split())[:28].strip() or self.random_syllables(2)
        if r < 0.28:
            s = self.words_line()
        elif r < 0.50:
            s = self.syllable_line()
        elif r < 0.78:
            s = self.template()
        elif r < 0.88:
            s = self.ascii_line()
        else:
            s = self.mixed_line()
        s = " ".join(s.split())  # no double, leading or trailing spaces: a line reads as one
        return s[:28] .strip() or self.random_syllables(3)
