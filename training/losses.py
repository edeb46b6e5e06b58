"""SPLADE training objectives: contrastive ranking, distillation from the fused teacher, FLOPS regularisation."""
from __future__ import annotations

import torch
import torch.nn.functional as F


def group_scores(scores: torch.Tensor, negatives: int) -> torch.Tensor:
    """Each query's own candidates [positive, negatives...] out of the full [B, B(1+k)] score matrix."""
    batch = scores.shape[0]
    rows = torch.arange(batch, device=scores.device)
    columns = torch.cat([rows[:, None], batch + rows[:, None] * negatives + torch.arange(negatives, device=scores.device)[None, :]], dim=1)
    return scores.gather(1, columns)


def teacher_scores(dense: torch.Tensor, bm25: torch.Tensor, dense_weight: float, bm25_weight: float) -> torch.Tensor:
    """Fused teacher: dense cosine plus BM25 divided by the group's best BM25 score (both roughly in [0, 1])."""
    scale = bm25.amax(dim=1, keepdim=True).clamp(min=1e-6)
    return dense_weight * dense + bm25_weight * bm25 / scale


def contrastive(scores: torch.Tensor) -> torch.Tensor:
    """Cross-entropy of each query's positive against every document of the batch (in-batch plus hard negatives)."""
    return F.cross_entropy(scores, torch.arange(scores.shape[0], device=scores.device))


def kl_distillation(student: torch.Tensor, teacher: torch.Tensor, temperature: float) -> torch.Tensor:
    return F.kl_div(F.log_softmax(student, dim=1), F.softmax(teacher / temperature, dim=1), reduction="batchmean")


def margin_mse(student: torch.Tensor, teacher: torch.Tensor, scale: float) -> torch.Tensor:
    """Margin of the positive over each negative, student against teacher (teacher margins scaled to dot-product range)."""
    return F.mse_loss(student[:, :1] - student[:, 1:], scale * (teacher[:, :1] - teacher[:, 1:]))


def flops(vectors: torch.Tensor) -> torch.Tensor:
    """Sum over the vocabulary of the squared mean activation: penalises terms that many texts use."""
    return vectors.float().mean(dim=0).pow(2).sum()


class FlopsSchedule:
    """FLOPS weight with quadratic warm-up, optionally steered toward a target number of non-zero terms.

    After warm-up, every `adapt_every` steps the weight grows by 20% while the mean nnz is above the target,
    and shrinks by 20% while it is below half the target, within a factor of 100 of the configured weight.
    """

    def __init__(self, weight: float, warmup: float, target: float, adapt: bool, adapt_every: int):
        self.weight, self.warmup, self.target = weight, warmup, target
        self.adapt, self.adapt_every = adapt, adapt_every
        self.factor = 1.0
        self._nnz_sum, self._count = 0.0, 0

    def value(self, progress: float) -> float:
        ramp = min(1.0, (progress / self.warmup) ** 2) if self.warmup > 0 else 1.0
        return self.weight * ramp * self.factor

    def observe(self, nnz: float, progress: float) -> None:
        self._nnz_sum += nnz
        self._count += 1
        if not self.adapt or self._count < self.adapt_every:
            return
        mean = self._nnz_sum / self._count
        self._nnz_sum, self._count = 0.0, 0
        if progress < self.warmup:
            return
        if mean > self.target:
            self.factor = min(self.factor * 1.2, 100.0)
        elif mean < 0.5 * self.target:
            self.factor = max(self.factor / 1.2, 0.01)

    def state(self) -> dict:
        return {"factor": self.factor}

    def load(self, state: dict) -> None:
        self.factor = state["factor"]
