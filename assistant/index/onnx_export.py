"""The torch side of the ONNX encoder: tracing the bundled model once, and the reference vectors
the exported file is checked against. Only an export imports this module, and with it torch."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_OPSET = 17


class Pooled(torch.nn.Module):
    """The transformer, mean pooling over real tokens and L2 normalisation: what
    sentence-transformers does for this model, as one graph."""

    def __init__(self, inner: torch.nn.Module) -> None:
        super().__init__()
        self.inner = inner

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        hidden = self.inner(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(mean, p=2, dim=1)


def trace_to_onnx(model_path: Path, target: Path) -> None:
    """Batch and length are left free. Eager attention, and a padded example batch: the SDPA
    path turns the padding mask into Python branches that tracing would freeze."""
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    model = AutoModel.from_pretrained(str(model_path), attn_implementation="eager").eval()
    ids = torch.tensor([[101, 2000, 2001, 102], [101, 2000, 102, 0]])
    example = (ids, (ids > 0).long(), torch.zeros_like(ids))
    axes = {name: {0: "batch", 1: "tokens"} for name in INPUTS} | {"embedding": {0: "batch"}}
    with torch.no_grad(), warnings.catch_warnings():
        # The TorchScript exporter warns that it is deprecated and that traced branches are
        # frozen; unlike the dynamo exporter it needs no onnxscript, and the caller checks
        # the file's vectors against torch's.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Pooled(model), example, str(target), dynamo=False, opset_version=_OPSET,
            input_names=list(INPUTS), output_names=["embedding"], dynamic_axes=axes,
            external_data=False,
        )  # fmt: skip


def torch_vectors(texts: Sequence[str]) -> np.ndarray:
    """What the torch backend gives for ``texts``: the reference an export must match."""
    from assistant.index.embedder import MiniLMEmbedder

    return MiniLMEmbedder().embed_batch(texts)
