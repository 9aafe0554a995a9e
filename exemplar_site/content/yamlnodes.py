"""YAML front matter to nodes without recursion: nesting is counted from the event stream.

PyYAML's composer (the pure one and libyaml's) recurses once per level, so `[[[[…` twenty thousand
deep ends in a RecursionError before any depth check on the nodes could run. This composer reads
the parser's events with a stack of its own and stops at the first level beyond the limit (reading
on would take the pure parser minutes: its scanner slows down with every open bracket).
"""

from __future__ import annotations

import yaml


class NestedTooDeep(Exception):
    """A value is nested deeper than the limit: `key` is the top-level key it belongs to, if any."""

    def __init__(self, key: yaml.ScalarNode | None, mark: yaml.Mark):
        super().__init__("nested too deeply")
        self.key, self.mark = key, mark


def compose_front_matter(text: str, max_depth: int) -> yaml.Node | None:
    """Compose with libyaml when present (ten times faster); errors are worded by the Python parser."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return _compose(fast(text), max_depth)
        except yaml.YAMLError:
            pass  # fall through: the pure parser words the problem the way the hints expect
    return _compose(yaml.SafeLoader(text), max_depth)


def scan_tokens(text: str) -> list[yaml.Token]:
    """The tokens of text that composed (for finding what the scanner skipped: comments)."""
    for loader_class in (getattr(yaml, "CSafeLoader", None), yaml.SafeLoader):
        if loader_class is None:
            continue
        loader = loader_class(text)
        try:
            tokens = []
            while loader.check_token():
                tokens.append(loader.get_token())
            return tokens
        except yaml.YAMLError:
            continue  # libyaml refuses a few escapes the pure scanner reads (such as \ud800)
        finally:
            loader.dispose()
    return []


def _compose(loader: yaml.SafeLoader, max_depth: int) -> yaml.Node | None:
    try:
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # document start
        node = _compose_document(loader, max_depth)
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            raise yaml.composer.ComposerError("expected a single document in the front matter", None,
                                              "but found another document", event.start_mark)
        return node
    finally:
        loader.dispose()


def _compose_document(loader: yaml.SafeLoader, max_depth: int) -> yaml.Node:
    anchors: dict[str, yaml.Node] = {}
    stack: list[tuple[yaml.CollectionNode, list[yaml.Node]]] = []  # open collections, a mapping's pending key
    while True:
        event = loader.get_event()
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            node, _ = stack.pop()
            node.end_mark = event.end_mark
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}",
                                                  event.start_mark)
            node = anchors[event.anchor]
        elif isinstance(event, yaml.ScalarEvent):
            tag = event.tag if event.tag not in (None, "!") else loader.resolve(
                yaml.ScalarNode, event.value, event.implicit)
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            _remember(anchors, event.anchor, node)
        elif len(stack) >= max_depth:
            top, pending = stack[0]
            key = pending[0] if isinstance(top, yaml.MappingNode) and pending else None
            raise NestedTooDeep(key if isinstance(key, yaml.ScalarNode) else None, event.start_mark)
        else:
            kind = yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) else yaml.MappingNode
            tag = event.tag if event.tag not in (None, "!") else loader.resolve(kind, None, event.implicit)
            node = kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
            _remember(anchors, event.anchor, node)  # before its items: `&a [*a]` is caught by the depth limit
            stack.append((node, []))
            continue
        if not stack:
            return node
        parent, pending = stack[-1]
        if isinstance(parent, yaml.SequenceNode):
            parent.value.append(node)
        elif pending:
            parent.value.append((pending.pop(), node))
        else:
            pending.append(node)


def _remember(anchors: dict[str, yaml.Node], anchor: str | None, node: yaml.Node) -> None:
    if anchor is not None:
        anchors[anchor] = node

