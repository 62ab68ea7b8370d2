"""Training batches from a renderer process, bucketed by width so little compute goes to padding."""
import multiprocessing as mp
import signal

import numpy as np

from . import charset, render, text

# Per-sample extra right padding: the product pads a batch to its widest line with 0 (grey),
# so the model must read lines followed by a lot of grey and emit blanks there.
PAD_PROB, PAD_MAX = 0.35, 0.6


def make_renderer(seed, mode="train", split="train"):
    train_faces, test_faces = render.split_faces()
    faces = train_faces if mode == "train" else test_faces
    cover = render.load_coverage(faces)
    rng = np.random.default_rng(seed)
    return text.TextGen(rng, text.load_words(split)), render.Renderer(faces, cover, rng, mode)


def render_line(gen, ren, easy=False):
    """(label, x [3,48,w], grey [48,w]); retries until a face covers the text."""
    while True:
        s = gen.line(easy)
        out = ren.render(s)
        if out is not None:
            x, grey = out
            if ren.rng.random() < 0.1:   # some photos arrive grey (and the test PNGs are grey)
                x = np.repeat(x.mean(0, keepdims=True), 3, 0)
            return s, x, grey


def pad_batch(items, rng, multiple=8):
    """Stack lines left-aligned, right padding 0; the width a multiple of 8 (T = W/8)."""
    widths = []
    for _, x in items:
        w = x.shape[2]
        if rng.random() < PAD_PROB:
            w += int(rng.uniform(0, PAD_MAX) * w)
        widths.append(w)
    width = int(np.ceil(max(widths) / multiple) * multiple)
    batch = np.zeros((len(items), 3, render.HEIGHT, width), np.float32)
    for i, (_, x) in enumerate(items):
        batch[i, :, :, : x.shape[2]] = x
    labels = [charset.encode(s) for s, _ in items]
    return batch, labels


def batches(seed, batch_size, pool=8, easy_batches=0):
    """Endless batches: render pool*batch lines, sort by width, cut into batches, shuffle.
    The first `easy_batches` batches use the easy curriculum (see TextGen.line)."""
    gen, ren = make_renderer(seed)
    rng = np.random.default_rng(seed + 1)
    made = 0
    while True:
        items = []
        easy = made < easy_batches
        made += pool
        for _ in range(pool * batch_size):
            s, x, _ = render_line(gen, ren, easy)
            items.append((s, x))
        items.sort(key=lambda it: it[1].shape[2])
        chunks = [items[i:i + batch_size] for i in range(0, len(items), batch_size)]
        for k in rng.permutation(len(chunks)):
            yield pad_batch(chunks[k], rng)


def _worker(seed, batch_size, easy_batches, queue):
    signal.signal(signal.SIGTERM, signal.SIG_DFL)   # the parent's save-on-SIGTERM handler is not ours
    for b in batches(seed, batch_size, easy_batches=easy_batches):
        queue.put(b)


class BatchStream:
    """Renders in a child process (one core) while the parent trains."""

    def __init__(self, seed, batch_size, easy_batches=0, prefetch=24):
        ctx = mp.get_context("fork")
        self.queue = ctx.Queue(prefetch)
        self.proc = ctx.Process(target=_worker, args=(seed, batch_size, easy_batches, self.queue), daemon=True)
        self.proc.start()

    def next(self):
        return self.queue.get()

    def close(self):
        # The child may sit in a full queue's put(): kill it outright, never wait on it.
        self.queue.cancel_join_thread()
        self.proc.kill()
        self.proc.join(5)
