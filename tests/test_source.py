"""Reading one file: encodings, the front matter split, YAML traps, typing slips."""

from __future__ import annotations

from exemplar_site.content.source import decode_bytes, split_source


def entries_of(text: str) -> dict[str, object]:
    source, problems = split_source(text, "a.md")
    assert source is not None and problems == []
    return {e.key: e.value for e in source.entries}


def test_utf8_with_bom_and_crlf_loads():
    text, problems = decode_bytes("\ufeff---\r\nname: 张伟\r\n---\r\n事迹\r\n".encode(), "a.md")
    assert problems == []
    assert text == "---\nname: 张伟\n---\n事迹\n"
    assert entries_of(text) == {"name": "张伟"}


def test_gbk_is_read_with_a_warning():
    text, problems = decode_bytes("---\nname: 张伟\n---\n先进事迹\n".encode("gbk"), "a.md")
    assert "张伟" in text
    assert [p.format() for p in problems] == [
        "a.md:2: warning: file is saved as GBK/GB18030; it was read, but please save it as UTF-8"]


def test_undecodable_bytes_are_an_error():
    text, problems = decode_bytes(b"---\nname: \xff\xfe\xfa\n---\n", "a.md")
    assert text is None
    assert problems[0].is_error and "neither UTF-8 nor GBK" in problems[0].message
    assert problems[0].line == 2


def test_a_utf8_line_added_to_a_gbk_file_is_an_error_on_its_line():
    gbk = "---\nname: 张伟\n---\n先进事迹，第一段。\n".encode("gbk")
    for added, line in (("后来补上的一行：优秀\n".encode(), 5), ("level: 省\n".encode("gbk"), None)):
        text, problems = decode_bytes(gbk + added, "a.md")
        if line is None:  # a short GBK line that happens to be valid UTF-8 is still read as GBK
            assert text is not None and [p.severity for p in problems] == ["warning"]
            continue
        assert text is None
        assert [p.format() for p in problems] == [f"a.md:{line}: error: this line is UTF-8 while the rest of the "
                                                  "file is GBK: save the file as UTF-8, then retype this line"]


def test_missing_closing_fence_is_an_error_not_empty_metadata():
    source, problems = split_source("---\nname: 张伟\ncategory: 道德模范\n\n事迹正文\n", "a.md")
    assert source is None
    assert problems[0].format().startswith("a.md:1: error: the front matter is not closed")


def test_file_without_front_matter_is_an_error():
    source, problems = split_source("只有正文\n", "a.md")
    assert source is None
    assert problems[0].line == 1 and "must start with a line '---'" in problems[0].message


def test_yaml_words_and_numbers_stay_text_as_written():
    values = entries_of("---\na: no\nb: yes\nc: on\nd: 0123\ne: 1e3\nf: 2024\ng: ~\nh: 'null'\n---\n")
    assert values == {"a": "no", "b": "yes", "c": "on", "d": "0123", "e": "1e3", "f": "2024",
                      "g": "~", "h": "null"}


def test_lists_and_mappings_keep_their_shape():
    values = entries_of("---\nhonors:\n  - 一等奖\n  - 0123\nprivate:\n  phone: 13800000000\n---\n")
    assert values == {"honors": ["一等奖", "0123"], "private": {"phone": "13800000000"}}


def test_entries_carry_their_file_line():
    source, _ = split_source("---\n# comment\nname: 张伟\n\nunit: 车间\n---\nbody\n", "a.md")
    assert [(e.key, e.line) for e in source.entries] == [("name", 3), ("unit", 5)]
    assert source.body_line == 7


def test_full_width_colon_is_an_error_on_its_line_and_the_rest_still_parses():
    source, problems = split_source("---\nname: 张伟\n单位：第一车间\nyear: 2024\n---\n", "a.md")
    assert [p.format() for p in problems] == [
        "a.md:3: error: full-width colon '：' after '单位': use the ASCII colon and a space, "
        "e.g. '单位: 第一车间'"]
    assert [e.key for e in source.entries] == ["name", "单位", "year"]


def test_full_width_colon_inside_a_value_is_fine():
    assert entries_of("---\nquote: 座右铭：实干\n---\n") == {"quote": "座右铭：实干"}


def test_missing_space_after_colon_is_reported():
    _, problems = split_source("---\nname:张伟\n---\n", "a.md")
    assert problems[0].line == 2 and "missing space after ':'" in problems[0].message


def test_yaml_syntax_error_points_at_the_line_with_a_hint():
    _, problems = split_source("---\nname: 张伟\nquote: 我说: 干就完了\n---\n", "a.md")
    assert problems[0].line == 3
    assert "put the value in quotes: quote: \"我说: 干就完了\"" in problems[0].message


def test_tab_indentation_gets_a_hint():
    _, problems = split_source("---\nhonors:\n\t- 一等奖\n---\n", "a.md")
    assert problems[0].line == 3 and "not tabs" in problems[0].message


def test_front_matter_that_is_not_a_mapping_is_an_error():
    _, problems = split_source("---\n- a\n- b\n---\n", "a.md")
    assert problems[0].line == 2 and "key: value" in problems[0].message


def test_recursive_alias_does_not_hang():
    _, problems = split_source("---\nhonors: [&a [*a]]\n---\n", "a.md")
    assert problems and "nested too deeply" in problems[0].message


def test_control_characters_and_lone_surrogates_are_errors_on_their_key_line():
    source, problems = split_source('---\nname: "张\\ud800伟"\nunit: "a\\0b"\n"k\\x01": 1\n'
                                    'honors: ["ok", "\\x1b[31m"]\nquote: "行一\\t行二\\n"\n---\n', "a.md")
    assert [(p.line, p.message[:40]) for p in problems] == [
        (2, "the value of 'name' contains the invisib"), (3, "the value of 'unit' contains the invisib"),
        (4, "a key contains the invisible or invalid "), (5, "the value of 'honors' contains the invis")]
    assert ["U+D800", "U+0000", "U+0001", "U+001B"] == [p.message.split("character ")[1][:6] for p in problems]
    assert {e.key: e.value for e in source.entries} == {"name": None, "unit": None, "honors": None,
                                                        "quote": "行一\t行二\n"}
