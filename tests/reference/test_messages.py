"""The message catalogue: messages.yml and the part files of messages/ beside it."""

from __future__ import annotations

import pytest

from ggutils.errors import CatalogError
from ggutils.reference.messages import load_messages


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_parts_beside_the_catalogue_are_read(tmp_path):
    main = write(tmp_path / "messages.yml", 'title: {vi: "Tiêu đề", en: "Title"}\n')
    write(tmp_path / "messages" / "owed.yml", 'owed: {vi: "Còn thiếu", en: "Owed"}\n')
    msgs = load_messages(main, "en")
    assert (msgs("title"), msgs("owed")) == ("Title", "Owed")


def test_a_key_in_two_files_names_both(tmp_path):
    main = write(tmp_path / "messages.yml", 'title: {vi: "Tiêu đề", en: "Title"}\n')
    write(tmp_path / "messages" / "part.yml", 'title: {vi: "Khác", en: "Other"}\n')
    with pytest.raises(CatalogError, match=r"part\.yml.*title.*already defined in .*messages\.yml"):
        load_messages(main, "vi")


def test_a_part_missing_a_language_is_refused(tmp_path):
    main = write(tmp_path / "messages.yml", 'title: {vi: "Tiêu đề", en: "Title"}\n')
    write(tmp_path / "messages" / "part.yml", 'owed: {vi: "Còn thiếu"}\n')
    with pytest.raises(CatalogError, match=r"part\.yml.*owed"):
        load_messages(main, "en")
