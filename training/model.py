"""BERT encoder and SPLADE head in plain PyTorch, with Hugging Face BertModel parameter names.

transformers is not needed: the same file runs on Debian's python3-torch (CPU dry runs) and on the
accelerator machine. BertModel's parameter names are Hugging Face BertModel's (without the pooler), so the
converted MiniLM state dict loads as it is; SpladeModel keeps them under `bert.`.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn


@dataclass
class BertConfig:
    vocab_size: int = 30522
    hidden_size: int = 384
    num_hidden_layers: int = 6
    num_attention_heads: int = 12
    intermediate_size: int = 1536
    max_position_embeddings: int = 512
    type_vocab_size: int = 2
    layer_norm_eps: float = 1e-12
    hidden_dropout_prob: float = 0.1
    attention_probs_dropout_prob: float = 0.1

    def to_hf_dict(self) -> dict:
        """config.json content as Hugging Face writes it for BertForMaskedLM."""
        return {
            "architectures": ["BertForMaskedLM"],
            "model_type": "bert",
            "hidden_act": "gelu",
            "pad_token_id": 0,
            "tie_word_embeddings": True,
            "initializer_range": 0.02,
            **asdict(self),
        }


class BertEmbeddings(nn.Module):
    def __init__(self, config: BertConfig):
        super().__init__()
        self.word_embeddings = nn.Embedding(config.vocab_size, config.hidden_size, padding_idx=0)
        self.position_embeddings = nn.Embedding(config.max_position_embeddings, config.hidden_size)
        self.token_type_embeddings = nn.Embedding(config.type_vocab_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)

    def forward(self, input_ids: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = self.word_embeddings(input_ids) + self.position_embeddings(positions) + self.token_type_embeddings(token_type_ids)
        return self.dropout(self.LayerNorm(x))


class BertSelfAttention(nn.Module):
    def __init__(self, config: BertConfig):
        super().__init__()
        self.heads = config.num_attention_heads
        self.head_size = config.hidden_size // config.num_attention_heads
        self.query = nn.Linear(config.hidden_size, config.hidden_size)
        self.key = nn.Linear(config.hidden_size, config.hidden_size)
        self.value = nn.Linear(config.hidden_size, config.hidden_size)
        self.dropout_p = config.attention_probs_dropout_prob
        # Fused attention kernels (PyTorch 2) on the accelerator; the explicit form for export and old PyTorch.
        self.use_fused = hasattr(F, "scaled_dot_product_attention")

    def _split(self, x: torch.Tensor) -> torch.Tensor:
        batch, length, _ = x.shape
        return x.view(batch, length, self.heads, self.head_size).transpose(1, 2)

    def forward(self, hidden: torch.Tensor, additive_mask: torch.Tensor) -> torch.Tensor:
        q, k, v = self._split(self.query(hidden)), self._split(self.key(hidden)), self._split(self.value(hidden))
        dropout = self.dropout_p if self.training else 0.0
        if self.use_fused:
            context = F.scaled_dot_product_attention(q, k, v, attn_mask=additive_mask.to(q.dtype), dropout_p=dropout)
        else:
            scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_size) + additive_mask
            probs = F.dropout(torch.softmax(scores, dim=-1), p=dropout, training=self.training)
            context = torch.matmul(probs, v)
        batch, _, length, _ = context.shape
        return context.transpose(1, 2).reshape(batch, length, self.heads * self.head_size)


class DenseLayerNorm(nn.Module):
    """Linear, dropout, residual, LayerNorm: Hugging Face's BertSelfOutput and BertOutput."""

    def __init__(self, in_size: int, config: BertConfig):
        super().__init__()
        self.dense = nn.Linear(in_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)

    def forward(self, x: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dropout(self.dense(x)) + residual)


class BertAttention(nn.Module):
    def __init__(self, config: BertConfig):
        super().__init__()
        self.self = BertSelfAttention(config)
        self.output = DenseLayerNorm(config.hidden_size, config)

    def forward(self, hidden: torch.Tensor, additive_mask: torch.Tensor) -> torch.Tensor:
        return self.output(self.self(hidden, additive_mask), hidden)


class BertIntermediate(nn.Module):
    def __init__(self, config: BertConfig):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.intermediate_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.gelu(self.dense(x))


class BertLayer(nn.Module):
    def __init__(self, config: BertConfig):
        super().__init__()
        self.attention = BertAttention(config)
        self.intermediate = BertIntermediate(config)
        self.output = DenseLayerNorm(config.intermediate_size, config)

    def forward(self, hidden: torch.Tensor, additive_mask: torch.Tensor) -> torch.Tensor:
        attended = self.attention(hidden, additive_mask)
        return self.output(self.intermediate(attended), attended)


class BertEncoder(nn.Module):
    def __init__(self, config: BertConfig):
        super().__init__()
        self.layer = nn.ModuleList(BertLayer(config) for _ in range(config.num_hidden_layers))

    def forward(self, hidden: torch.Tensor, additive_mask: torch.Tensor) -> torch.Tensor:
        for layer in self.layer:
            hidden = layer(hidden, additive_mask)
        return hidden


class BertModel(nn.Module):
    """Token embeddings to last hidden states; names match Hugging Face's BertModel (without the pooler)."""

    def __init__(self, config: BertConfig):
        super().__init__()
        self.config = config
        self.embeddings = BertEmbeddings(config)
        self.encoder = BertEncoder(config)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor | None = None) -> torch.Tensor:
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        hidden = self.embeddings(input_ids, token_type_ids)
        # Padding keys get a large negative score; float32 min would overflow in half precision.
        additive_mask = (1.0 - attention_mask[:, None, None, :].to(hidden.dtype)) * -10000.0
        return self.encoder(hidden, additive_mask)


def mean_pool(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Average of the hidden states of real (unmasked) tokens, as sentence-transformers pools MiniLM."""
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)


class MlmTransform(nn.Module):
    def __init__(self, config: BertConfig):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(F.gelu(self.dense(x)))


# Added to the logits of special tokens ([PAD], [UNK], [CLS], [SEP], [MASK], [unusedN]): far below zero, so that
# log(1 + relu(logit)) is exactly 0 and no special token can ever appear in a vector (representable in float16 and bf16).
SPECIAL_TOKEN_LOGIT = -10000.0


def special_token_ids(tokens: list[str]) -> list[int]:
    """Ids of the vocabulary's bracketed special tokens: [PAD], [unused0..], [UNK], [CLS], [SEP], [MASK]."""
    return [index for index, token in enumerate(tokens) if len(token) > 2 and token.startswith("[") and token.endswith("]")]


class SpladeModel(nn.Module):
    """BERT plus a masked-language-model head whose decoder is tied to the word embeddings.

    `forward` returns per-token vocabulary logits (what the exported ONNX graph outputs);
    `encode` returns the SPLADE-max vector: max over tokens of log(1 + relu(logit)), padding masked.
    The logits of `blocked_ids` (the special tokens) get SPECIAL_TOKEN_LOGIT added, in training and in the exported
    graph alike, so special tokens are kept out of every vector by the model itself.
    """

    def __init__(self, config: BertConfig, decoder_bias: float = -2.5, blocked_ids: list[int] | None = None):
        super().__init__()
        self.config = config
        self.bert = BertModel(config)
        self.transform = MlmTransform(config)
        self.decoder_bias = nn.Parameter(torch.full((config.vocab_size,), decoder_bias))
        blocked = torch.zeros(config.vocab_size)
        if blocked_ids:
            blocked[torch.tensor(blocked_ids, dtype=torch.long)] = SPECIAL_TOKEN_LOGIT
        # Not part of the state dict: rebuilt from the vocabulary, so weights saved without it still load.
        self.register_buffer("special_token_logits", blocked, persistent=False)
        self.reset_head(decoder_bias)

    def reset_head(self, decoder_bias: float) -> None:
        """Identity-like transform so that the untrained head starts from the encoder's own geometry."""
        with torch.no_grad():
            self.transform.dense.weight.copy_(torch.eye(self.config.hidden_size))
            self.transform.dense.bias.zero_()
            self.transform.LayerNorm.weight.fill_(1.0)
            self.transform.LayerNorm.bias.zero_()
            self.decoder_bias.fill_(decoder_bias)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor | None = None) -> torch.Tensor:
        hidden = self.transform(self.bert(input_ids, attention_mask, token_type_ids))
        return F.linear(hidden, self.bert.embeddings.word_embeddings.weight, self.decoder_bias + self.special_token_logits)

    def encode(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        logits = self.forward(input_ids, attention_mask)
        weights = torch.log1p(torch.relu(logits)) * attention_mask.unsqueeze(-1).to(logits.dtype)
        return weights.amax(dim=1)
