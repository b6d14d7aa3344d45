"""Session packs: pinned answers and quotes, reordered, edited and kept in the data folder."""

from __future__ import annotations

import pytest

from assistant.errors import PackError
from assistant.models import Citation, Reference
from assistant.workspace import packs
from tests.assistant.web.helpers import answer, passage

PATTON = Reference(authors=("Patton, Sonia", "McGlade, Anne", "Elliott, Joe"), year=2020)


def sample_answer():
    trust = Citation(1, passage("Trust helps. More text.", title="Trust study", page=4),
                     ["Trust helps."], PATTON)  # fmt: skip
    silos = Citation(2, passage("Silos block change.", title="Silos", chunk_id="c2", page=None),
                     ["Silos block change."])  # fmt: skip
    return answer("Trust helps [1]. Silos block change [2].", [trust, silos], question="What helps?")


def test_a_pinned_answer_keeps_its_text_and_every_source():
    item = packs.pinned_answer(sample_answer())
    assert item.kind == "answer" and item.question == "What helps?"
    assert [s.n for s in item.sources] == [1, 2]
    assert item.sources[0].label == "Patton, McGlade and Elliott (2020)"
    assert item.sources[0].quote == "Trust helps." and item.sources[0].page == 4
    assert item.sources[1].label == "Silos"  # no metadata: the title


def test_a_pinned_quote_is_one_citation_alone():
    item = packs.pinned_quote(sample_answer(), 2)
    assert item.kind == "quote" and item.text == "Silos block change."
    assert [s.n for s in item.sources] == [2]
    with pytest.raises(PackError, match=r"no source \[5\]"):
        packs.pinned_quote(sample_answer(), 5)


def test_items_are_reordered_removed_and_added_with_checks():
    pack = packs.Pack("Week 1")
    for text in ("A", "B", "C"):
        pack = packs.append(pack, packs.PackItem("note", text))
    assert [i.text for i in packs.move(pack, 2, -1).items] == ["A", "C", "B"]
    assert [i.text for i in packs.move(pack, 0, -1).items] == ["A", "B", "C"]  # stops at the top
    assert [i.text for i in packs.move(pack, 0, 9).items] == ["B", "C", "A"]
    assert [i.text for i in packs.remove(pack, 1).items] == ["A", "C"]
    with pytest.raises(PackError, match="no item 4"):
        packs.remove(pack, 3)
    with pytest.raises(PackError, match="heading is empty"):
        packs.append(pack, packs.PackItem("heading", "  "))


def test_packs_persist_per_user_and_round_trip(tmp_path):
    shelf = packs.PackShelf(tmp_path, "trainer-a")
    pack = shelf.create("Week 1: co-production")
    pack = packs.append(pack, packs.PackItem("heading", "Barriers"))
    pack = packs.append(pack, packs.pinned_answer(sample_answer()))
    shelf.save(pack)
    shelf.save(packs.Pack("Week 2"))

    again = packs.PackShelf(tmp_path, "trainer-a")
    assert again.names() == ["Week 1: co-production", "Week 2"]
    assert again.load("Week 1: co-production") == pack
    assert packs.PackShelf(tmp_path, "trainer-b").names() == []
    assert not list(tmp_path.rglob("*.tmp"))
    assert shelf.create("Week 1: co-production") == pack  # creating an existing pack opens it
    with pytest.raises(PackError, match="no pack called 'Week 9'"):
        shelf.load("Week 9")
    with pytest.raises(PackError, match="needs a name"):
        shelf.create("   ")
    shelf.delete("Week 2")
    assert again.names() == ["Week 1: co-production"]
