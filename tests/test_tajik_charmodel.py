"""The character-model converter: the documented folder format, loading errors, and the
line/pass-through contract on a tiny CTranslate2 model built here (random weights, 8 dims)."""

import numpy as np
import pytest

from syndicate.errors import ModelError
from syndicate.translate.routes.tajik import load_converter
from syndicate.translate.routes.tajik.charmodel import SPACE

PERSIAN = list("آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءئۀ\u200c")
CYRILLIC = list("абвгдеёжзийклмнопрстуфхчшъэюяғӣқӯҳҷ")
DIM, FFN = 8, 16


def tiny_character_model(folder):
    """Save a 1-layer Transformer over the documented character vocabularies into ``folder``."""
    from ctranslate2.specs import transformer_spec

    spec = transformer_spec.TransformerSpec.from_config(1, 1)
    rng = np.random.default_rng(0)
    specials = ["<unk>", "<s>", "</s>", SPACE]
    source, target = specials + PERSIAN, specials + CYRILLIC

    def weights(*shape):
        return rng.normal(0, 0.5, shape).astype(np.float32)

    def norm(layer_norm):
        layer_norm.gamma, layer_norm.beta = np.ones(DIM, np.float32), np.zeros(DIM, np.float32)

    def ffn(block):
        norm(block.layer_norm)
        block.linear_0.weight, block.linear_1.weight = weights(FFN, DIM), weights(DIM, FFN)

    spec.encoder.embeddings[0].weight = weights(len(source), DIM)
    spec.decoder.embeddings.weight = weights(len(target), DIM)
    spec.decoder.projection.weight = weights(len(target), DIM)
    for stack in (spec.encoder, spec.decoder):
        norm(stack.layer_norm)
        layer = stack.layer[0]
        norm(layer.self_attention.layer_norm)
        layer.self_attention.linear[0].weight = weights(3 * DIM, DIM)
        layer.self_attention.linear[1].weight = weights(DIM, DIM)
        ffn(layer.ffn)
    cross = spec.decoder.layer[0].attention
    norm(cross.layer_norm)
    cross.linear[0].weight, cross.linear[1].weight, cross.linear[2].weight = (
        weights(DIM, DIM), weights(2 * DIM, DIM), weights(DIM, DIM))
    spec.register_source_vocabulary(source)
    spec.register_target_vocabulary(target)
    spec.validate()
    spec.optimize(quantization=None)
    spec.save(str(folder))
    return folder


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return tiny_character_model(tmp_path_factory.mktemp("charmodel"))


def test_loads_a_model_in_the_documented_format(model_dir):
    converter = load_converter(model_dir)
    assert converter.version.startswith("charmodel:")
    assert load_converter(model_dir).version == converter.version


def test_one_line_per_line_and_pass_through(model_dir):
    converter = load_converter(model_dir)
    lines = ["کتاب من ZXQ0 است.", "", "Hello 2024", "۱۲۳، «سلام»؟", "ZXQ1"]
    converted = converter.convert_lines(lines)
    assert len(converted) == len(lines)
    assert converted[1] == "" and converted[2] == "Hello 2024" and converted[4] == "ZXQ1"
    assert " ZXQ0 " in converted[0] and converted[0].endswith(".")
    assert converted[3].startswith("123, «") and converted[3].endswith("»?")
    for line in converted:
        assert not any("\u0600" <= char <= "\u06ff" for char in line)  # model output is Cyrillic only
    assert converter.convert("\n".join(lines)).split("\n") == converted


def test_missing_folder_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        load_converter(tmp_path / "nowhere")


def test_folder_without_model_files_is_a_model_error(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ModelError, match="not a CTranslate2 model") as caught:
        load_converter(tmp_path)
    assert "model.bin" in caught.value.hint


def test_corrupt_weights_are_a_model_error(model_dir, tmp_path):
    for path in model_dir.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "model.bin").write_bytes(b"not a model")
    with pytest.raises(ModelError, match="cannot load"):
        load_converter(tmp_path)


def test_character_model_is_the_tajik_route_step(model_dir):
    from syndicate.translate.routes import load_postprocessor

    step = load_postprocessor("tajik", tajik_model_dir=model_dir)
    assert step.route_id == f"tajik:{load_converter(model_dir).version}"
    assert step.route_id.startswith("tajik:charmodel:")
