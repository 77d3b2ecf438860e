"""The one attendance vocabulary and its reader, shared by the meetings' and the study sessions' lists."""

from django.http import QueryDict

from lamtheo.lib.attendance import Mark, Presence, posted_ids, read_marks


def posted(**fields) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in fields.items():
        data[key.replace("_", "-")] = value
    return data


def test_each_listed_person_is_read_with_the_default_where_nothing_valid_was_posted():
    data = posted(status_1="late", status_2="asleep", reason_1="  Xe   hỏng ")
    assert read_marks(data, [1, 2, 3]) == {
        1: Mark(Presence.LATE, "Xe hỏng"),
        2: Mark(Presence.PRESENT),
        3: Mark(Presence.PRESENT),
    }
    assert read_marks(data, [2, 3], default=Presence.ABSENT) == {2: Mark("absent"), 3: Mark("absent")}


def test_absent_with_a_reason_is_excused_and_present_keeps_no_reason():
    data = posted(status_1="absent", reason_1="Ốm", status_2="absent", status_3="present", reason_3="Ốm")
    marks = read_marks(data, [1, 2, 3])
    assert marks == {1: Mark("excused", "Ốm"), 2: Mark("absent"), 3: Mark("present")}
    assert [mark.attended for mark in marks.values()] == [False, False, True]
    assert Mark("late", " Kẹt xe ").kept_reason == "Kẹt xe"
    assert Mark("present", "Ốm").kept_reason == ""
    assert Mark("excused", "x" * 300).kept_reason == "x" * 200


def test_the_people_a_list_names_are_those_of_its_fields_in_order():
    data = posted(version="3", reason_7="Ốm", status_5="present", status_7="excused", status_x="present")
    assert posted_ids(data) == [7, 5]


def test_a_mark_is_one_of_the_vocabulary():
    import pytest

    assert Mark("invited").status == "invited"  # a meeting's list before it is held
    with pytest.raises(ValueError, match="not a mark of attendance: True"):
        Mark(True)
