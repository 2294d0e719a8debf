"""BERT sentence embeddings without padding: sentence-transformers' vectors for less CPU.

`SentenceTransformer.encode` pads every text of a batch to the longest one and runs every layer
over the padding. Claims are 10 to 60 tokens long, so a batch of claim checks, which arrive in no
particular order, is about a third padding. Here the tokens of all texts are packed into one
matrix for the linear layers, which are nearly all of the work, and attention, which mixes the
tokens of one text, runs text by text over that text's rows. Each real token goes through the
same arithmetic, so the vectors are `encode`'s to float rounding (tests/claims/test_embed.py).

`in_dtype(torch.bfloat16)` gives a copy that runs in bfloat16: on a CPU with bfloat16 matrix
units (AMX, AVX512-BF16) half the CPU of float32, for vectors within 1e-4 of float32's in
cosine. Claim checks may search with those; stored vectors stay float32 (claims/embed.py).
oneDNN builds a bfloat16 matrix-product kernel for every new number of rows it meets, and a
batch of claim checks rarely has the token count of an earlier one: that copy rounds the rows
up to a multiple of 32 with zero rows that no text reads, so a few dozen kernels serve every
batch (a third less CPU per check; float32's kernels are not built per shape, padding only
costs it).

The model is read straight from its sentence-transformers folder with `tokenizers` and
`safetensors`: importing sentence-transformers and transformers costs every process that
embeds 3 s of CPU at start, twice per large ingest. A folder laid out any other way than a plain
BERT with mean pooling and normalisation is left to sentence-transformers.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt
    import torch
    from tokenizers import Tokenizer

# modules.json entries of a plain mean-pooled, normalised sentence-transformers model, by the
# last part of their class name (the package moved them between releases).
_MODULES = ("Transformer", "Pooling", "Normalize")


class _Norm(NamedTuple):
    weight: torch.Tensor
    bias: torch.Tensor
    eps: float


class _Layer(NamedTuple):
    qkv_weight: torch.Tensor  # query, key and value projections stacked: one matrix product
    qkv_bias: torch.Tensor
    out_weight: torch.Tensor
    out_bias: torch.Tensor
    out_norm: _Norm
    up_weight: torch.Tensor
    up_bias: torch.Tensor
    down_weight: torch.Tensor
    down_bias: torch.Tensor
    down_norm: _Norm


class UnpaddedBert:
    """Mean-pooled, L2-normalised BERT embeddings computed over packed tokens."""

    def __init__(
        self, tokenizer: Tokenizer, weights: dict[str, torch.Tensor], config: dict[str, Any]
    ) -> None:
        import torch

        self._tokenizer = tokenizer
        self._row_multiple = 1  # see the module docstring: 32 in bfloat16
        self.dimension = int(config["hidden_size"])
        self._heads = int(config["num_attention_heads"])
        eps = float(config.get("layer_norm_eps", 1e-12))
        self._word = weights["embeddings.word_embeddings.weight"]
        self._position = weights["embeddings.position_embeddings.weight"]
        self._token_type = weights["embeddings.token_type_embeddings.weight"]
        self._embedding_norm = _norm(weights, "embeddings.LayerNorm", eps)
        self._layers = []
        for number in range(int(config["num_hidden_layers"])):
            prefix = f"encoder.layer.{number}."
            attention = prefix + "attention.self."
            self._layers.append(
                _Layer(
                    qkv_weight=torch.cat(
                        [weights[f"{attention}{part}.weight"] for part in ("query", "key", "value")]
                    ),
                    qkv_bias=torch.cat(
                        [weights[f"{attention}{part}.bias"] for part in ("query", "key", "value")]
                    ),
                    out_weight=weights[prefix + "attention.output.dense.weight"],
                    out_bias=weights[prefix + "attention.output.dense.bias"],
                    out_norm=_norm(weights, prefix + "attention.output.LayerNorm", eps),
                    up_weight=weights[prefix + "intermediate.dense.weight"],
                    up_bias=weights[prefix + "intermediate.dense.bias"],
                    down_weight=weights[prefix + "output.dense.weight"],
                    down_bias=weights[prefix + "output.dense.bias"],
                    down_norm=_norm(weights, prefix + "output.LayerNorm", eps),
                )
            )

    @classmethod
    def load(cls, folder: Path) -> UnpaddedBert | None:
        """The model in `folder` if it is a plain BERT with mean pooling and normalisation whose
        tokeniser settings this reproduces; None for anything else."""
        try:
            layout = _plain_mean_pooled_bert(folder)
            if layout is None:
                return None
            config, max_length = layout
            from safetensors.torch import load_file
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            # The file keeps the settings it was saved with (here: pad everything to 128).
            tokenizer.no_padding()
            tokenizer.enable_truncation(max_length=max_length)
            return cls(tokenizer, load_file(str(folder / "model.safetensors")), config)
        except (OSError, KeyError, ValueError, ImportError):
            return None

    def in_dtype(self, dtype: torch.dtype) -> UnpaddedBert:
        """A copy with every weight in `dtype`, sharing the tokeniser: the forward pass then
        runs in `dtype` throughout (bfloat16: half the CPU where the CPU multiplies it
        natively); the vectors are pooled and returned in float32."""
        import torch

        cast = copy.copy(self)
        cast._row_multiple = 32 if dtype == torch.bfloat16 else 1
        cast._word, cast._position, cast._token_type = (
            tensor.to(dtype) for tensor in (self._word, self._position, self._token_type)
        )
        cast._embedding_norm = _cast_norm(self._embedding_norm, dtype)
        cast._layers = [_cast_layer(layer, dtype) for layer in self._layers]
        return cast

    def warm_up(self, max_rows: int = 512) -> None:
        """Build the kernels of every padded row count up to `max_rows` now, so that the first
        checks after a start do not pay for them (some 5 ms each). Only a copy that pads its
        rows has such kernels; a batch of 1 to 16 claims stays within 512 rows."""
        if self._row_multiple == 1:
            return
        # With [CLS] and [SEP], one row short of a multiple: n copies round up to n multiples.
        text = " ".join(["claim"] * (self._row_multiple - 3))
        for count in range(1, max_rows // self._row_multiple + 1):
            self.embed([text] * count)

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        import torch

        with torch.inference_mode():
            return self._embed(texts).numpy()

    def _embed(self, texts: Sequence[str]) -> torch.Tensor:
        import torch
        import torch.nn.functional as F

        encodings = self._tokenizer.encode_batch(list(texts))
        lengths = torch.tensor([len(encoding.ids) for encoding in encodings])
        ids = torch.tensor([token for encoding in encodings for token in encoding.ids])
        types = torch.tensor([kind for encoding in encodings for kind in encoding.type_ids])
        batch = len(encodings)
        positions = torch.cat([torch.arange(int(length)) for length in lengths])
        hidden = self._word[ids] + self._position[positions] + self._token_type[types]
        hidden = _layer_norm(hidden, self._embedding_norm)
        tokens, size = hidden.shape
        filler = hidden.new_zeros(-tokens % self._row_multiple, size)  # rows no text reads
        hidden = torch.cat([hidden, filler])
        bounds = list(pairwise([0, *torch.cumsum(lengths, 0).tolist()]))
        for layer in self._layers:
            qkv = F.linear(hidden, layer.qkv_weight, layer.qkv_bias)
            context = torch.cat([*(self._attend(qkv[start:end]) for start, end in bounds), filler])
            attended = F.linear(context, layer.out_weight, layer.out_bias) + hidden
            hidden = _layer_norm(attended, layer.out_norm)
            inner = F.gelu(F.linear(hidden, layer.up_weight, layer.up_bias))
            hidden = _layer_norm(
                F.linear(inner, layer.down_weight, layer.down_bias) + hidden, layer.down_norm
            )
        hidden = hidden[:tokens].float()  # pooled and normalised in float32 whatever they ran in
        owner = torch.repeat_interleave(torch.arange(batch), lengths)
        sums = hidden.new_zeros(batch, size).index_add_(0, owner, hidden)
        return F.normalize(sums / lengths[:, None].to(hidden.dtype), dim=1)

    def _attend(self, qkv: torch.Tensor) -> torch.Tensor:
        """Self-attention within one text's tokens. Text by text rather than padded and masked:
        the padding, its scatter and gather, and the masked kernel cost a batch of 4 to 8
        claims more than the extra calls (5-9% of the embedding's CPU)."""
        import torch.nn.functional as F

        tokens, size = qkv.shape[0], qkv.shape[1] // 3
        heads = self._heads
        query, key, value = qkv.view(1, tokens, 3, heads, size // heads).permute(2, 0, 3, 1, 4)
        context = F.scaled_dot_product_attention(query, key, value)
        return context.permute(0, 2, 1, 3).reshape(tokens, size)


def _norm(weights: dict[str, torch.Tensor], name: str, eps: float) -> _Norm:
    return _Norm(weights[name + ".weight"], weights[name + ".bias"], eps)


def _cast_norm(norm: _Norm, dtype: torch.dtype) -> _Norm:
    return _Norm(norm.weight.to(dtype), norm.bias.to(dtype), norm.eps)


def _cast_layer(layer: _Layer, dtype: torch.dtype) -> _Layer:
    return _Layer._make(
        _cast_norm(part, dtype) if isinstance(part, _Norm) else part.to(dtype) for part in layer
    )


def _layer_norm(values: torch.Tensor, norm: _Norm) -> torch.Tensor:
    import torch.nn.functional as F

    return F.layer_norm(values, (values.shape[-1],), norm.weight, norm.bias, norm.eps)


def _plain_mean_pooled_bert(folder: Path) -> tuple[dict[str, Any], int] | None:
    """(BERT config, token limit) when `folder` holds Transformer(BERT, GELU, absolute
    positions) -> mean Pooling -> Normalize, a fast tokeniser whose normalisation its
    tokenizer_config.json does not override, and safetensors weights; else None."""
    modules = _json(folder / "modules.json")
    if [entry["type"].rsplit(".", 1)[-1] for entry in modules] != list(_MODULES):
        return None
    if modules[0].get("path", "") != "" or not (folder / "model.safetensors").is_file():
        return None
    pooling = _json(folder / modules[1]["path"] / "config.json")
    modes = {key: value for key, value in pooling.items() if key.startswith("pooling_mode")}
    if modes != {**dict.fromkeys(modes, False), "pooling_mode_mean_tokens": True}:
        return None
    sentence = _json(folder / "sentence_bert_config.json")
    config = _json(folder / "config.json")
    if (
        sentence.get("do_lower_case", False)
        or config.get("model_type") != "bert"
        or config.get("hidden_act") != "gelu"
        or config.get("position_embedding_type", "absolute") != "absolute"
        or config.get("is_decoder", False)
    ):
        return None
    tokenizer_json = _json(folder / "tokenizer.json")
    settings = _json(folder / "tokenizer_config.json")
    normalizer = tokenizer_json.get("normalizer") or {}
    if (
        normalizer.get("type") != "BertNormalizer"
        or normalizer.get("lowercase") != settings.get("do_lower_case", True)
        or normalizer.get("strip_accents") != settings.get("strip_accents")
        or normalizer.get("handle_chinese_chars") != settings.get("tokenize_chinese_chars", True)
    ):
        return None
    # sentence-transformers caps the tokeniser at the model's positions.
    limit = min(int(sentence["max_seq_length"]), int(config["max_position_embeddings"]))
    return config, limit


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
