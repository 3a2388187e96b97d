"""Window state: typed round trips through QSettings, one group per data directory."""

from __future__ import annotations

from pathlib import Path

from workbench.ui.state import WindowState, data_dir_id, open_settings


def test_values_round_trip_with_their_types(tmp_path: Path) -> None:
    state = WindowState(tmp_path / "a")
    state.geometry = b"\x01\x02\x00\xff"
    state.window_state = bytes(range(256))
    state.set_splitter_sizes("main", [300, 700])
    state.set_splitter_sizes("single", [42])
    state.set_services_data({"rows": [{"provider": "sim", "draws": 4}], "名字": "雨夜"})
    state.last_prompt = "雨夜霓虹街道，一只小狐狸"
    state.last_board_prompt_version_id = 17
    state.sync()

    again = WindowState(tmp_path / "a", open_settings())
    assert again.geometry == b"\x01\x02\x00\xff"
    assert again.window_state == bytes(range(256))
    assert again.splitter_sizes("main") == [300, 700]
    assert again.splitter_sizes("single") == [42]  # a one-element list survives
    assert again.services_data() == {"rows": [{"provider": "sim", "draws": 4}], "名字": "雨夜"}
    assert isinstance(again.services_state, str)
    assert again.last_prompt == "雨夜霓虹街道，一只小狐狸"
    assert again.last_board_prompt_version_id == 17


def test_defaults_when_nothing_is_stored(tmp_path: Path) -> None:
    state = WindowState(tmp_path)
    assert state.geometry == b""
    assert state.window_state == b""
    assert state.splitter_sizes("main") == []
    assert state.services_state == ""
    assert state.services_data() is None
    assert state.last_prompt == ""
    assert state.last_board_prompt_version_id is None


def test_malformed_values_read_as_defaults(tmp_path: Path) -> None:
    state = WindowState(tmp_path)
    state.set_raw("last_board_prompt_version_id", "not a number")
    state.set_raw("geometry", "text instead of bytes")
    state.set_raw("splitters/main", "300,wide")
    state.services_state = "{not json"
    state.sync()
    again = WindowState(tmp_path)
    assert again.last_board_prompt_version_id is None
    assert again.geometry == b""
    assert again.splitter_sizes("main") == []
    assert again.services_data() is None


def test_none_removes_an_optional_value(tmp_path: Path) -> None:
    state = WindowState(tmp_path)
    state.last_board_prompt_version_id = 3
    state.last_board_prompt_version_id = None
    assert state.raw("last_board_prompt_version_id") is None
    assert state.last_board_prompt_version_id is None


def test_two_data_directories_do_not_share_state(tmp_path: Path) -> None:
    first, second = WindowState(tmp_path / "one"), WindowState(tmp_path / "two")
    first.last_prompt = "first prompt"
    first.geometry = b"first"
    assert second.last_prompt == ""
    assert second.geometry == b""
    assert first.group != second.group
    second.clear()
    assert WindowState(tmp_path / "one").last_prompt == "first prompt"


def test_the_same_directory_by_another_spelling_is_the_same_scope(tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    assert data_dir_id(tmp_path / "home") == data_dir_id(tmp_path / "x" / ".." / "home")
    assert data_dir_id(tmp_path / "home") != data_dir_id(tmp_path / "other")


def test_default_scope_is_workbench_home(isolated_home: Path) -> None:
    assert WindowState().group == f"window-{data_dir_id(isolated_home)}"


def test_state_is_written_to_the_isolated_ini_file(
    tmp_path: Path, isolated_qsettings: Path
) -> None:
    state = WindowState(tmp_path)
    state.last_prompt = "hello"
    state.sync()
    files = list(isolated_qsettings.rglob("*.ini"))
    assert files and "hello" in files[0].read_text(encoding="utf-8")
