"""Tiny cross-encoder folders for the NLI hook's tests: no NLI model ships as a package here.

Each is a real one-layer BERT sequence classifier, saved as sentence-transformers loads a
cross-encoder, with the packaged MiniLM's tokenizer. Its classifier reads nothing and leans
one way by its bias alone, so a test knows the verdict and pins the plumbing around it:
loading, label resolution, both-way reading, the threshold, batching and the findings made.
"""

from __future__ import annotations

from pathlib import Path

NLI_LABELS = {0: "contradiction", 1: "entailment", 2: "neutral"}


def build_nli_model(
    folder: Path, leaning: int, labels: dict[int, str] | None = None, margin: float = 4.0
) -> Path:
    """A model that gives class `leaning` `margin` more logit than every other class."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from claims.config import EmbedConfig
    from claims.embed import resolve_model_path

    labels = NLI_LABELS if labels is None else labels
    tokenizer = AutoTokenizer.from_pretrained(resolve_model_path(EmbedConfig().model))
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        id2label=labels,
        label2id={label: index for index, label in labels.items()},
    )
    model = BertForSequenceClassification(config)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.zero_()
        model.classifier.bias[leaning] = margin
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
