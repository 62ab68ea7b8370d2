#!/usr/bin/env python3
"""Trains `hangul-rec`, a small Korean (Hangul + ASCII) text-line recognizer, on synthetic
lines rendered here, exports it to ONNX and evaluates it on fonts it never saw.

Why: PP-OCRv4's recognizer cannot read Hangul. This model takes PP-OCR's recognizer input
unchanged (the product's detection and crops stay as they are) and outputs CTC softmax.

Contract (the product depends on it exactly):
  input  `x`      float32 [N, 3, 48, W], N and W dynamic (W 48..2048): BGR, pixel/127.5 - 1,
                  resized to height 48 keeping the aspect (bilinear), left-aligned, padded with 0
  output `probs`  float32 [N, T, C] softmax, T = floor(ceil(W/2)/4) (= floor(W/8), or one more
                  when W % 8 == 7), C = 1 + len(dict) + 1 = 2,483
  dict.txt        one character per line; class 0 = CTC blank, 1..len(dict) = the lines in
                  order, C-1 = space (PaddleOCR's convention, the product's ctcCharset()).
Charset (2,481): the 2,350 Hangul syllables of KS X 1001 (EUC-KR 0xB0A1-0xC8FE), the 94
printable ASCII characters except space, and 37 symbols of Korean labels/signs (·, ℃, ㎎, ...).

Data (nothing downloaded): lines rendered with PIL from the Debian Korean fonts (fonts-nanum,
-nanum-extra, -unfonts-core, -unfonts-extra, -baekmuk, -noto-cjk). Content as on signs, labels,
meters and notices: hunspell-ko words, numbers with units, dates, times, phone numbers,
prices, Latin words, punctuation, plus lines of uniform random syllables (the word list is
skewed; rare syllables need to be seen) and uniform ASCII/symbol lines. Degraded like photos:
font size, stroke, letter spacing, dark-on-light / light-on-dark / coloured signs, gradient,
blotchy and ruled backgrounds, rotation, shear, keystone, low resolution, blur, noise, JPEG,
contrast, tight / loose / cut crops, extra grey padding on the right.

Held-out fonts (never trained on; whole families held out, all weights):
  UnDotum (gothic sans), Baekmuk Gulim (gulim sans), Noto Serif CJK KR (serif/myeongjo),
  NanumSquareRound (rounded sans), NanumBarunpen (neat pen style).
The test set renders the regular faces of these five, with words from a held-out 10 % of the
hunspell list (stable CRC32 split) and a held-out, lower-contrast colour configuration.
Handwriting/brush fonts are trained on (at a lower weight) but never tested.

Model: an all-convolutional recognizer (stride-2 stem, VGG-like CNN to height 1 and width/8,
two residual dilated 1-D conv blocks, 1x1 conv classifier, softmax), 1.13 M parameters. During
training the classifier is jamo-factorized (a syllable's weights = its own + its initial's +
medial's + final's), which lets rare syllables borrow from common ones; export folds it into a
plain conv. See hangul_rec/model.py for why there is no LSTM (Debian torch's BLAS is slow).

Training: CTC (blank 0), AdamW, one-cycle (warm-up then cosine) whose progress is the larger
of step/--steps and trained-seconds/--budget-min, so a run anneals properly even if the CPU is
slower than planned. Batches are bucketed by width; rendering runs in one child process.
Checkpoints (model, optimizer, step, seconds, RNG) every few minutes to /work/hangul/ckpt/;
log with loss and validation CER (training fonts, separate seed) in /work/hangul/train.log.

Curriculum: `--easy-steps N` makes the first N steps render short pieces (1-3 syllables of a
word, single words, a few templates): CTC's alignment is then obvious and the CNN learns glyph
identity; on full lines from scratch the model sat on a position-only prior (blank everywhere,
"하다" at the end) for over 1,000 steps.

Budget, measured (2 shared cores, AMD EPYC, 2026-12-02): 10-75 samples/s depending on the
line width and on other jobs (a browser test run took ~60 % of the CPU for most of the first
session). The first session did NOT converge: see recipe-output.json for the honest CER, and
continue training (hours, not minutes, are needed for 2,481 classes on this CPU).

Run from the repository root with Debian's python3 (python3-torch, -onnx, -pil, -numpy):
    /usr/bin/python3 scripts/recipes/hangul-rec.py train --budget-min 240 --batch 16 --lr 1e-3 \
        --easy-steps 6000                                                   # from scratch
    /usr/bin/python3 scripts/recipes/hangul-rec.py train --resume --extend-min 120
          # continue /work/hangul/ckpt/last.pt: same optimizer, schedule stretched by 120 min
    /usr/bin/python3 scripts/recipes/hangul-rec.py train --resume-from-weights --budget-min 180 \
        --batch 16 --lr 1e-3 --easy-steps 3000
          # continue from the committed scripts/recipes/hangul_rec/state/weights.pt (new optimizer/schedule)
    Stop a run with `kill PID` (SIGTERM): it saves the checkpoint and weights.pt before exiting.
    /usr/bin/python3 scripts/recipes/hangul-rec.py finish   # = export + testset + evaluate + recipe-output
Sub-commands: train, export, testset, evaluate, finish. `export` writes model.onnx + dict.txt and
checks them with onnxruntime-node (node_modules) against torch, batch 2 at W=320 and W=1000.
Outputs: models/hangul-rec/1/{model.onnx,dict.txt} (the product's files, once the model is good
enough to ship: see docs/OCR.md "Reading Hangul"), scripts/recipes/hangul_rec/state/weights.pt
(fp16) and state/recipe-output.json (committed), /work/hangul/testset/{*.png,labels.tsv}.
"""
import argparse
import hashlib
import json
import os
import platform
import signal
import subprocess
import sys
import time

import numpy as np
import torch
from torch.nn import functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hangul_rec import charset, data, render  # noqa: E402
from hangul_rec.model import ConvRec, Exported  # noqa: E402

SEED = 20261202
OUT_DIR = "models/hangul-rec"
WORK = "/work/hangul"
CKPT = f"{WORK}/ckpt/last.pt"
# Training state kept in git beside the recipe (not in models/, which the server serves):
# the fp16 weights a later run continues from, and what the last run measured.
STATE_DIR = "scripts/recipes/hangul_rec/state"
WEIGHTS = f"{STATE_DIR}/weights.pt"
TESTSET = f"{WORK}/testset"
OPSET = 13
TEST_LINES_PER_FACE = 240          # 5 faces -> 1,200 lines
VAL_LINES = 300


def log(msg, path=f"{WORK}/train.log"):
    line = f"{time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} {msg}"
    print(line, flush=True)
    with open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")


def new_model():
    torch.manual_seed(SEED)
    return ConvRec(charset.NUM_CLASSES)


# ---- evaluation helpers -------------------------------------------------------------------

def edit_ops(ref, hyp):
    """Levenshtein alignment; returns the error count per script class of the reference
    character (substitutions, deletions) or of the inserted hypothesis character."""
    n, m = len(ref), len(hyp)
    d = np.zeros((n + 1, m + 1), np.int32)
    d[:, 0] = np.arange(n + 1)
    d[0, :] = np.arange(m + 1)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i, j] = min(d[i - 1, j] + 1, d[i, j - 1] + 1, d[i - 1, j - 1] + (ref[i - 1] != hyp[j - 1]))
    errors, i, j = {}, n, m
    while i > 0 or j > 0:
        if i > 0 and j > 0 and d[i, j] == d[i - 1, j - 1] + (ref[i - 1] != hyp[j - 1]):
            if ref[i - 1] != hyp[j - 1]:
                k = charset.script_class(ref[i - 1])
                errors[k] = errors.get(k, 0) + 1
            i, j = i - 1, j - 1
        elif i > 0 and d[i, j] == d[i - 1, j] + 1:
            k = charset.script_class(ref[i - 1])
            errors[k] = errors.get(k, 0) + 1
            i -= 1
        else:
            k = charset.script_class(hyp[j - 1])
            errors[k] = errors.get(k, 0) + 1
            j -= 1
    return errors


def cer_report(refs, hyps):
    """CER = edit distance / reference length summed over lines, overall and per class."""
    errs, lens = {}, {}
    for r, h in zip(refs, hyps):
        for k, v in edit_ops(r, h).items():
            errs[k] = errs.get(k, 0) + v
        for c in r:
            k = charset.script_class(c)
            lens[k] = lens.get(k, 0) + 1
    out = {k: {"cer": round(errs.get(k, 0) / lens[k], 4), "chars": lens[k], "errors": errs.get(k, 0)}
           for k in sorted(lens)}
    total_e, total_n = sum(errs.values()), sum(lens.values())
    out["overall"] = {"cer": round(total_e / total_n, 4), "chars": total_n, "errors": total_e}
    out["lineAccuracy"] = round(float(np.mean([r == h for r, h in zip(refs, hyps)])), 4)
    return out


def recognize(model, xs, batch=32):
    """Greedy CTC over a list of [3,48,w] arrays, batched by width."""
    model.eval()
    order = np.argsort([x.shape[2] for x in xs])
    hyps = [None] * len(xs)
    with torch.no_grad():
        for s in range(0, len(xs), batch):
            idx = order[s:s + batch]
            w = int(np.ceil(max(xs[i].shape[2] for i in idx) / 8) * 8)
            b = np.zeros((len(idx), 3, render.HEIGHT, w), np.float32)
            for k, i in enumerate(idx):
                b[k, :, :, : xs[i].shape[2]] = xs[i]
            ids = model.logits(torch.from_numpy(b)).argmax(-1).numpy()
            for k, i in enumerate(idx):
                hyps[i] = charset.decode_greedy(ids[k])
    return hyps


def validation_set():
    """Lines in TRAINING fonts with a separate seed: a progress signal that never uses the test fonts."""
    gen, ren = data.make_renderer(SEED + 7)
    items = [data.render_line(gen, ren) for _ in range(VAL_LINES)]
    return [s for s, _, _ in items], [x for _, x, _ in items]


# ---- training -----------------------------------------------------------------------------

def lr_at(progress, peak, warm=0.06, final=0.02):
    """One-cycle: linear warm-up, then cosine down to final*peak."""
    if progress < warm:
        return peak * (0.1 + 0.9 * progress / warm)
    p = min(1.0, (progress - warm) / (1 - warm))
    return peak * (final + (1 - final) * 0.5 * (1 + np.cos(np.pi * p)))


def save_checkpoint(model, opt, state):
    os.makedirs(os.path.dirname(CKPT), exist_ok=True)
    tmp = CKPT + ".tmp"
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "state": state,
                "torch_rng": torch.get_rng_state()}, tmp)
    os.replace(tmp, CKPT)   # atomic: a kill mid-write never leaves a broken checkpoint


def save_weights(model, path=WEIGHTS):
    """Weights only, fp16 (half the size; restores to float32 by load_state_dict)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    sd = {k: (v.half() if v.is_floating_point() else v) for k, v in model.state_dict().items()}
    torch.save(sd, path)


def load_weights(model, path=WEIGHTS):
    sd = torch.load(path, map_location="cpu")
    model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in sd.items()})


def ctc_step(model, opt, batch, labels, lr):
    model.train()
    for g in opt.param_groups:
        g["lr"] = lr
    x = torch.from_numpy(batch)
    logp = F.log_softmax(model.logits(x), -1).transpose(0, 1)     # T, N, C
    t = logp.shape[0]
    targets = torch.tensor([c for l in labels for c in l], dtype=torch.long)
    loss = F.ctc_loss(logp, targets, torch.full((len(labels),), t, dtype=torch.long),
                      torch.tensor([len(l) for l in labels]), blank=0, zero_infinity=True)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
    opt.step()
    return float(loss)


def _stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt  # `kill PID` then runs the finally block: checkpoint + weights saved


def train(args):
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    torch.set_num_threads(args.threads)
    os.makedirs(WORK, exist_ok=True)
    model = new_model()
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    state = {"step": 0, "samples": 0, "seconds": 0.0, "steps": args.steps, "budget_min": args.budget_min,
             "lr": args.lr, "batch": args.batch, "best_val_cer": None}
    if args.resume and os.path.exists(CKPT):
        ck = torch.load(CKPT, map_location="cpu")
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        state.update(ck["state"])
        torch.set_rng_state(ck["torch_rng"])
        log(f"resumed {CKPT} at step {state['step']} ({state['seconds']:.0f} s trained)")
        if args.extend_min:  # more time on top of what the checkpoint planned
            state["budget_min"] += args.extend_min
        if args.batch_override:
            state["batch"] = args.batch_override
        if args.lr_override:
            state["lr"] = args.lr_override
    elif args.resume_from_weights:
        load_weights(model, args.weights)
        log(f"starting from weights {args.weights} (fresh optimizer and schedule)")
    n_params = sum(p.numel() for p in model.parameters())
    log(f"params {n_params} classes {charset.NUM_CLASSES} threads {args.threads} batch {state['batch']} "
        f"steps {state['steps']} budget {state['budget_min']} min lr {state['lr']}")
    # The data stream is seeded by the step it starts at: a resumed run sees new lines.
    easy = max(0, args.easy_steps - state["step"])
    stream = data.BatchStream(SEED + 1000 * state["step"] + 1, state["batch"], easy_batches=easy)
    val_refs, val_xs = validation_set()
    last_ckpt = last_val = time.time()
    t_start, seen0, losses = time.time(), state["samples"], []
    try:
        while True:
            progress = max(state["step"] / state["steps"], state["seconds"] / (60 * state["budget_min"]))
            if progress >= 1.0 or (args.stop_at and time.time() >= args.stop_at):
                break
            t0 = time.time()
            batch, labels = stream.next()
            t1 = time.time()
            loss = ctc_step(model, opt, batch, labels, lr_at(progress, state["lr"]))
            losses.append(loss)
            state["step"] += 1
            state["samples"] += len(labels)
            state["seconds"] += time.time() - t0
            if state["step"] % 25 == 0:
                rate = (state["samples"] - seen0) / (time.time() - t_start)
                log(f"step {state['step']} loss {np.mean(losses):.3f} lr {lr_at(progress, state['lr']):.2e} "
                    f"progress {progress:.3f} {rate:.1f} samples/s wait {t1 - t0:.2f}s W {batch.shape[3]}")
                losses = []
            if time.time() - last_val > 60 * args.val_min:
                report = cer_report(val_refs, recognize(model, val_xs))
                log(f"val step {state['step']} CER {report['overall']['cer']:.4f} hangul "
                    f"{report.get('hangul', {}).get('cer')} line-acc {report['lineAccuracy']}")
                state["last_val"] = report["overall"]["cer"]
                last_val = time.time()
            if time.time() - last_ckpt > 60 * args.ckpt_min:
                save_checkpoint(model, opt, state)
                last_ckpt = time.time()
    except KeyboardInterrupt:
        log("interrupted: saving")
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second kill must not cut the save short
        stream.close()
        save_checkpoint(model, opt, state)
        save_weights(model)
        report = cer_report(val_refs, recognize(model, val_xs))
        log(f"stopped at step {state['step']} ({state['samples']} samples, {state['seconds']:.0f} s); "
            f"val CER {report['overall']['cer']:.4f} hangul {report.get('hangul', {}).get('cer')}; "
            f"saved {CKPT} and {WEIGHTS}")


# ---- export -------------------------------------------------------------------------------

def load_trained():
    """The latest checkpoint if there is one, else the committed weights."""
    model = new_model()
    if os.path.exists(CKPT):
        ck = torch.load(CKPT, map_location="cpu")
        model.load_state_dict(ck["model"])
        return model, ck["state"]
    load_weights(model)
    return model, {}


def check_with_onnxruntime(path, model):
    """Runs the ONNX file in onnxruntime-node (batch 2, W=320 and 1000) and compares with torch."""
    rng = np.random.default_rng(SEED)
    diffs = {}
    for w in (320, 1000):
        x = rng.uniform(-1, 1, (2, 3, 48, w)).astype(np.float32)
        x[1, :, :, w // 2:] = 0     # the second line padded, as in a real batch
        with torch.no_grad():
            ref = model(torch.from_numpy(x)).numpy()
        x.tofile(f"{WORK}/ort_in.bin")
        js = (f"const ort=require('onnxruntime-node');const fs=require('fs');(async()=>{{"
              f"const s=await ort.InferenceSession.create('{os.path.abspath(path)}');"
              f"const b=fs.readFileSync('{WORK}/ort_in.bin');"
              f"const x=new ort.Tensor('float32',new Float32Array(b.buffer,b.byteOffset,b.length/4),[2,3,48,{w}]);"
              f"const o=await s.run({{x}});const y=o[s.outputNames[0]];"
              f"fs.writeFileSync('{WORK}/ort_out.bin',Buffer.from(y.data.buffer));"
              f"console.log(JSON.stringify(y.dims));}})();")
        dims = json.loads(subprocess.run(["node", "-e", js], check=True, capture_output=True, text=True,
                                         cwd=os.getcwd()).stdout.strip().splitlines()[-1])
        out = np.fromfile(f"{WORK}/ort_out.bin", np.float32).reshape(dims)
        assert list(out.shape) == list(ref.shape) == [2, w // 8, charset.NUM_CLASSES], (out.shape, ref.shape)
        diffs[w] = float(np.abs(out - ref).max())
        assert diffs[w] < 1e-4, f"onnxruntime and torch disagree at W={w}: {diffs[w]}"
    return diffs


def export(args=None):
    model, state = load_trained()
    model.eval()
    net = Exported(model).eval()
    os.makedirs(f"{OUT_DIR}/1", exist_ok=True)
    path, tmp = f"{OUT_DIR}/1/model.onnx", f"{WORK}/model.onnx.tmp"
    torch.onnx.export(net, torch.zeros(1, 3, 48, 320), tmp, opset_version=OPSET,
                      input_names=["x"], output_names=["probs"],
                      dynamic_axes={"x": {0: "batch", 3: "width"}, "probs": {0: "batch", 1: "steps"}},
                      do_constant_folding=True)
    import onnx
    m = onnx.load(tmp)
    onnx.checker.check_model(m)
    m.doc_string = ("hangul-rec: Korean text-line recognizer (KS X 1001 Hangul + ASCII + symbols), "
                    "CTC softmax, PP-OCR rec preprocessing (BGR, x/127.5-1, height 48).")
    onnx.save(m, tmp)
    diffs = check_with_onnxruntime(tmp, net)
    os.replace(tmp, path)   # the product never sees a half-written model
    charset.write_dict(f"{OUT_DIR}/1/dict.txt")
    print(f"exported {path} (step {state.get('step')}); onnxruntime vs torch max abs diff {diffs}")
    return diffs, state


# ---- held-out test set --------------------------------------------------------------------

def make_testset(args=None):
    """Renders the fixed held-out test set (held-out fonts, words and colours) as grey PNGs."""
    from PIL import Image
    os.makedirs(TESTSET, exist_ok=True)
    _, test_faces = render.split_faces()
    cover = render.load_coverage(test_faces)
    words = data.text.load_words("test")
    rows = []
    for k, face in enumerate(test_faces):
        rng = np.random.default_rng(SEED + 100 + k)
        gen = data.text.TextGen(rng, words)
        ren = render.Renderer([face], cover, rng, mode="test")
        for i in range(TEST_LINES_PER_FACE):
            s, _, grey = data.render_line(gen, ren)
            name = f"{k}-{i:04d}.png"
            Image.fromarray(grey).save(f"{TESTSET}/{name}", optimize=True)
            rows.append((name, face["name"], s))
    with open(f"{TESTSET}/labels.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write("file\tfont\ttext\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"wrote {len(rows)} lines to {TESTSET}")


def read_testset():
    from PIL import Image
    rows = []
    with open(f"{TESTSET}/labels.tsv", encoding="utf-8") as f:
        next(f)
        for line in f:
            name, font, text = line.rstrip("\n").split("\t")
            grey = np.asarray(Image.open(f"{TESTSET}/{name}").convert("L"), np.float32)
            x = np.repeat((grey / 127.5 - 1.0)[None], 3, 0)   # grey PNG -> BGR with B=G=R
            rows.append((font, text, x))
    return rows


def evaluate(args=None):
    if not os.path.exists(f"{TESTSET}/labels.tsv"):
        make_testset()
    model, state = load_trained()
    rows = read_testset()
    refs = [t for _, t, _ in rows]
    hyps = recognize(model, [x for _, _, x in rows])
    report = cer_report(refs, hyps)
    per_font = {}
    for font in sorted({f for f, _, _ in rows}):
        sel = [i for i, r in enumerate(rows) if r[0] == font]
        per_font[font] = cer_report([refs[i] for i in sel], [hyps[i] for i in sel])["overall"]["cer"]
    report["perFont"] = per_font
    with open(f"{WORK}/test-predictions.tsv", "w", encoding="utf-8") as f:
        for (font, ref, _), hyp in zip(rows, hyps):
            f.write(f"{font}\t{ref}\t{hyp}\n")
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return report, state


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def finish(args=None):
    diffs, state = export()
    if not os.path.exists(f"{TESTSET}/labels.tsv"):
        make_testset()
    report, _ = evaluate()
    train_faces, test_faces = render.split_faces()
    model, _ = load_trained()
    onnx_path, dict_path = f"{OUT_DIR}/1/model.onnx", f"{OUT_DIR}/1/dict.txt"
    out = {
        "recipe": "scripts/recipes/hangul-rec.py",
        "model": "all-conv CTC recognizer: stride-2 stem, VGG-like CNN (height 48->1, width /8), "
                 "2 residual dilated 1-D conv blocks, 1x1 conv classifier (jamo-factorized in training), softmax",
        "parameters": int(sum(p.numel() for p in Exported(model).parameters())),
        "trainingParameters": int(sum(p.numel() for p in model.parameters())),
        "input": "x float32 [N,3,48,W] BGR, pixel/127.5-1, height 48 aspect kept, right-padded with 0",
        "output": "probs float32 [N, T, C] softmax, T = floor(ceil(W/2)/4) (= floor(W/8) unless W % 8 == 7, "
                  "then +1); class 0 blank, 1..len(dict) dict.txt, C-1 space",
        "classes": charset.NUM_CLASSES,
        "dictSize": len(charset.DICT),
        "opset": OPSET,
        "seed": SEED,
        "training": {"steps": state.get("step"), "samples": state.get("samples"),
                     "seconds": round(state.get("seconds", 0.0)), "batch": state.get("batch"),
                     "peakLr": state.get("lr"), "plannedSteps": state.get("steps"),
                     "budgetMinutes": state.get("budget_min"), "lastValidationCer": state.get("last_val"),
                     "validation": f"{VAL_LINES} lines in training fonts (separate seed)"},
        "machine": {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
                    "torchThreads": 2, "torch": torch.__version__, "python": platform.python_version(),
                    "note": "shared CPU (other jobs were running), Debian torch with reference BLAS"},
        "fonts": {"train": [f["name"] for f in train_faces], "heldOutFamilies": render.HELD_OUT_FAMILIES,
                  "test": [f["name"] for f in test_faces]},
        "testSet": {"lines": len(test_faces) * TEST_LINES_PER_FACE, "path": TESTSET,
                    "content": "held-out 10% of hunspell-ko words (CRC32 split), held-out lower-contrast colours, grey PNGs",
                    "decoding": "greedy CTC", "cer": "edit distance / reference length, summed over lines; "
                    "errors counted in the class of the reference char (substitution, deletion) or the inserted char"},
        "heldOutCer": report,
        "targetsMet": {"hangulCerAtMost10pct": report.get("hangul", {}).get("cer", 1.0) <= 0.10,
                       "hangulCerAtMost5pct": report.get("hangul", {}).get("cer", 1.0) <= 0.05},
        "notes": getattr(args, "note", "") or "",
        "onnxVsTorchMaxAbsDiff": diffs,
        "files": {p: {"sha256": sha256(f"{OUT_DIR}/{p}"), "bytes": os.path.getsize(f"{OUT_DIR}/{p}")}
                  for p in ("1/model.onnx", "1/dict.txt")},
    }
    with open(f"{STATE_DIR}/recipe-output.json", "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {STATE_DIR}/recipe-output.json")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train")
    t.add_argument("--steps", type=int, default=6000)
    t.add_argument("--budget-min", type=float, default=75.0, help="training minutes the schedule anneals over")
    t.add_argument("--extend-min", type=float, default=0.0, help="with --resume: add minutes to the budget")
    t.add_argument("--stop-at", type=float, default=0.0, help="unix time to stop at (checkpoint saved)")
    t.add_argument("--batch", type=int, default=32)
    t.add_argument("--lr", type=float, default=2e-3)
    t.add_argument("--batch-override", type=int, default=0, help="with --resume: a new batch size")
    t.add_argument("--lr-override", type=float, default=0.0, help="with --resume: a new peak learning rate")
    t.add_argument("--easy-steps", type=int, default=0, help="easy curriculum until this (absolute) step number")
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--ckpt-min", type=float, default=4.0)
    t.add_argument("--val-min", type=float, default=5.0)
    t.add_argument("--resume", action="store_true")
    t.add_argument("--resume-from-weights", action="store_true")
    t.add_argument("--weights", default=WEIGHTS)
    for name in ("export", "testset", "evaluate"):
        sub.add_parser(name)
    sub.add_parser("finish").add_argument("--note", default="", help="free text for recipe-output.json")
    args = p.parse_args()
    {"train": train, "export": export, "testset": make_testset, "evaluate": evaluate, "finish": finish}[args.cmd](args)


if __name__ == "__main__":
    main()
