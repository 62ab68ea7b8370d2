"""A small all-convolutional CTC recognizer: a VGG-like CNN that reduces the height 48 -> 1
and the width by 8, residual 1-D convolutions along the line for context, and a 1x1-conv
classifier; the softmax is part of the graph (the product wants probabilities).

Why no LSTM / Linear: Debian's torch uses the reference BLAS (2-3 GFLOP/s), while its
convolutions run on oneDNN (~10x faster on this CPU). Keeping every layer a convolution makes
training several times faster here, and the graph is plain Conv/BN/ReLU for onnxruntime.

Jamo-factorized classifier (training only): the weight vector of a Hangul syllable class is
  w[syllable] = w_free[syllable] + w_cho[initial] + w_jung[medial] + w_jong[final],
so the 2,350 syllables share what their 19 initials, 21 medials and 28 finals look like, and
a rare syllable is recognizable from the jamo it is made of. For export the sum is computed
once and the head becomes one ordinary 1x1 conv: the ONNX contract does not change.
"""
import torch
from torch import nn
from torch.nn import functional as F

from .charset import CLASSES


def conv_bn(cin, cout, k=3, s=1, p=1):
    return nn.Sequential(nn.Conv2d(cin, cout, k, s, p, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class TemporalBlock(nn.Module):
    """Residual conv along the width only (kernel 1 x k), dilated to widen the context."""

    def __init__(self, c, k=5, dilation=1):
        super().__init__()
        p = dilation * (k // 2)
        self.body = nn.Sequential(
            nn.Conv2d(c, c, (1, k), 1, (0, p), dilation=(1, dilation), bias=False), nn.BatchNorm2d(c), nn.ReLU(inplace=True),
            nn.Conv2d(c, c, 1, bias=False), nn.BatchNorm2d(c))
        self.act = nn.ReLU(inplace=True)

    def forward(self, x):
        return self.act(x + self.body(x))


def jamo_indices():
    """(initial, medial, final) index per class; non-Hangul classes point at a zero row."""
    cho, jung, jong = [], [], []
    for ch in CLASSES:
        code = ord(ch) - 0xAC00 if len(ch) == 1 else -1
        if 0 <= code < 11172:
            cho.append(code // 588)
            jung.append((code % 588) // 28)
            jong.append(code % 28)
        else:
            cho.append(19)
            jung.append(21)
            jong.append(28)
    return torch.tensor(cho), torch.tensor(jung), torch.tensor(jong)


class JamoHead(nn.Module):
    def __init__(self, c, num_classes):
        super().__init__()
        self.free = nn.Parameter(torch.randn(num_classes, c) * c ** -0.5)
        self.cho = nn.Parameter(torch.randn(20, c) * c ** -0.5)
        self.jung = nn.Parameter(torch.randn(22, c) * c ** -0.5)
        self.jong = nn.Parameter(torch.randn(29, c) * c ** -0.5)
        self.bias = nn.Parameter(torch.zeros(num_classes))
        for name, idx in zip(("i_cho", "i_jung", "i_jong"), jamo_indices()):
            self.register_buffer(name, idx, persistent=False)

    def weight(self):
        # The 'none' rows (index 19/21/28) are zeroed so that non-Hangul classes are free.
        cho = torch.cat([self.cho[:19], self.cho[19:] * 0])
        jung = torch.cat([self.jung[:21], self.jung[21:] * 0])
        jong = torch.cat([self.jong[:28], self.jong[28:] * 0])
        return self.free + cho[self.i_cho] + jung[self.i_jung] + jong[self.i_jong]

    def forward(self, f):
        return F.conv2d(f, self.weight()[:, :, None, None], self.bias)


class ConvRec(nn.Module):
    def __init__(self, num_classes, width=(16, 32, 64, 128, 192), temporal=(1, 2)):
        super().__init__()
        c1, c2, c3, c4, c5 = width
        self.cnn = nn.Sequential(
            conv_bn(3, c1, s=2),                    # 24 x W/2
            nn.MaxPool2d(2, 2),                     # 12 x W/4
            conv_bn(c1, c2),
            conv_bn(c2, c3),
            nn.MaxPool2d(2, 2),                     # 6 x W/8
            conv_bn(c3, c3),
            conv_bn(c3, c4),
            nn.MaxPool2d((2, 1), (2, 1)),           # 3 x W/8
            conv_bn(c4, c5, k=(3, 1), p=0),         # 1 x W/8: the height collapses
        )
        self.seq = nn.Sequential(*[TemporalBlock(c5, 5, d) for d in temporal])
        self.dropout = nn.Dropout2d(0.1)
        self.head = JamoHead(c5, num_classes)

    def logits(self, x):
        f = self.seq(self.cnn(x))                   # N, C, 1, T
        f = self.head(self.dropout(f))              # N, classes, 1, T
        return f.squeeze(2).transpose(1, 2)         # N, T, classes

    def forward(self, x):
        return torch.softmax(self.logits(x), dim=-1)


class Exported(nn.Module):
    """The inference graph: the trained CNN + a plain 1x1 conv head + softmax."""

    def __init__(self, model):
        super().__init__()
        self.cnn, self.seq = model.cnn, model.seq
        w = model.head.weight().detach()
        self.head = nn.Conv2d(w.shape[1], w.shape[0], 1)
        self.head.weight.data.copy_(w[:, :, None, None])
        self.head.bias.data.copy_(model.head.bias.detach())

    def forward(self, x):
        f = self.head(self.seq(self.cnn(x)))
        return torch.softmax(f.squeeze(2).transpose(1, 2), dim=-1)
