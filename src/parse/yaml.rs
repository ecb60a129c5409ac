//! Multi-document YAML into one flat node arena per file, every node with its
//! byte span. Aliases stay references to their anchors and are resolved
//! lazily, so an alias bomb costs nothing unless a walk reads through it, and
//! every walk has a node budget. Nothing here recurses on input depth.
//!
//! See: ../shared/notes/yaml-parsers.md for why granit-parser.

use std::collections::HashMap;
use std::ops::Range;

use granit_parser::{Event, Marker, Options, Parser, ScalarStyle};

/// Index of a node in [`YamlFile::nodes`].
pub(crate) type NodeId = u32;

/// How many nodes one walk may visit before it stops (alias bombs).
const WALK_BUDGET: usize = 200_000;
/// How many alias hops or merge levels a lookup follows.
const MAX_HOPS: usize = 32;

/// One parsed file: every document's root, every comment, the first error.
#[derive(Debug, Default)]
pub(crate) struct YamlFile {
    pub(crate) nodes: Vec<Node>,
    pub(crate) docs: Vec<NodeId>,
    pub(crate) comments: Vec<YamlComment>,
    pub(crate) error: Option<YamlError>,
}

/// A node and the bytes it covers in the source.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) kind: NodeKind,
    pub(crate) span: Range<usize>,
}

#[derive(Debug)]
pub(crate) enum NodeKind {
    /// `literal`: a `|` block scalar, whose lines stand verbatim in the file.
    Scalar {
        value: Box<str>,
        plain: bool,
        literal: bool,
    },
    /// Keys and values interleaved: `[k0, v0, k1, v1, ...]`.
    Mapping(Vec<NodeId>),
    Sequence(Vec<NodeId>),
    Alias(NodeId),
}

/// A `# ...` comment; `text` is what follows the `#`.
#[derive(Debug)]
pub(crate) struct YamlComment {
    pub(crate) text: Box<str>,
    pub(crate) span: Range<usize>,
}

/// The first syntax error in a file, with the byte offset where it was seen.
#[derive(Debug, Clone)]
pub(crate) struct YamlError {
    pub(crate) message: String,
    pub(crate) offset: usize,
}

/// Parses every document of `source`; a broken document is dropped and
/// parsing resumes at the next `---`.
pub(crate) fn parse(source: &str) -> YamlFile {
    let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let text = &source[bom..];
    let mut builder = Builder::new(text, bom);
    let mut options = Options::default();
    options.emit_unresolved_aliases = true;
    let mut parser = Parser::new_from_str_with_options(text, options);

    loop {
        match parser.next_event() {
            None => break,
            Some(Ok((event, span))) => builder.event(event, span.start, span.end),
            Some(Err(error)) => {
                let offset = builder.offset(error.marker());
                builder.fail(error.info(), offset);
                match parser.proceed_next_document() {
                    Ok(true) => continue,
                    _ => break,
                }
            }
        }
    }
    builder.file
}

/// Turns the event stream into the arena.
struct Builder<'s> {
    text: &'s str,
    bom: usize,
    file: YamlFile,
    /// Open collections: node id and its child list being filled.
    stack: Vec<(NodeId, Vec<NodeId>)>,
    anchors: HashMap<usize, NodeId>,
}

impl<'s> Builder<'s> {
    fn new(text: &'s str, bom: usize) -> Self {
        Builder {
            text,
            bom,
            file: YamlFile::default(),
            stack: Vec::new(),
            anchors: HashMap::new(),
        }
    }

    fn event(&mut self, event: Event<'_>, start: Marker, end: Marker) {
        let span = self.offset(&start)..self.offset(&end);
        match event {
            Event::Scalar(value, style, anchor, _) => {
                let kind = NodeKind::Scalar {
                    value: value.as_ref().into(),
                    plain: style == ScalarStyle::Plain,
                    literal: style == ScalarStyle::Literal,
                };
                let id = self.push(kind, span);
                self.anchor(anchor, id);
                self.attach(id);
            }
            Event::MappingStart(_, anchor, _) => {
                self.open(NodeKind::Mapping(Vec::new()), span, anchor)
            }
            Event::SequenceStart(_, anchor, _) => {
                self.open(NodeKind::Sequence(Vec::new()), span, anchor)
            }
            Event::MappingEnd | Event::SequenceEnd => self.close(span.end),
            Event::Alias(anchor) => self.alias(anchor, span),
            Event::UnresolvedAlias(_) => {
                let kind = NodeKind::Scalar {
                    value: "".into(),
                    plain: true,
                    literal: false,
                };
                let id = self.push(kind, span);
                self.attach(id);
            }
            Event::Comment(text, _) => self.file.comments.push(YamlComment {
                text: text.as_ref().into(),
                span,
            }),
            Event::DocumentStart(..) => self.stack.clear(),
            // Stream and document ends, anchor metadata, and future event kinds.
            _ => {}
        }
    }

    fn open(&mut self, kind: NodeKind, span: Range<usize>, anchor: usize) {
        let id = self.push(kind, span);
        self.anchor(anchor, id);
        self.stack.push((id, Vec::new()));
    }

    fn close(&mut self, end: usize) {
        let Some((id, children)) = self.stack.pop() else {
            return;
        };
        let node = &mut self.file.nodes[id as usize];
        node.span.end = end.max(node.span.start);
        match &mut node.kind {
            NodeKind::Mapping(slot) | NodeKind::Sequence(slot) => *slot = children,
            NodeKind::Scalar { .. } | NodeKind::Alias(_) => {}
        }
        self.attach(id);
    }

    fn alias(&mut self, anchor: usize, span: Range<usize>) {
        let kind = match self.anchors.get(&anchor) {
            Some(&target) => NodeKind::Alias(target),
            None => NodeKind::Scalar {
                value: "".into(),
                plain: true,
                literal: false,
            },
        };
        let id = self.push(kind, span);
        self.attach(id);
    }

    fn push(&mut self, kind: NodeKind, span: Range<usize>) -> NodeId {
        let id = NodeId::try_from(self.file.nodes.len())
            .expect("a file under 4 GiB has fewer nodes than u32::MAX");
        self.file.nodes.push(Node { kind, span });
        id
    }

    fn anchor(&mut self, anchor: usize, id: NodeId) {
        if anchor != 0 {
            self.anchors.insert(anchor, id);
        }
    }

    /// Adds a finished node to the open collection, or makes it a document root.
    fn attach(&mut self, id: NodeId) {
        match self.stack.last_mut() {
            Some((_, children)) => children.push(id),
            None => self.file.docs.push(id),
        }
    }

    fn fail(&mut self, message: String, offset: usize) {
        // The open collections of the broken document are abandoned.
        self.stack.clear();
        if self.file.error.is_none() {
            self.file.error = Some(YamlError { message, offset });
        }
    }

    fn offset(&self, marker: &Marker) -> usize {
        let local = marker.byte_offset().unwrap_or_else(|| {
            self.text
                .char_indices()
                .nth(marker.index())
                .map_or(self.text.len(), |(at, _)| at)
        });
        local.min(self.text.len()) + self.bom
    }
}

impl YamlFile {
    pub(crate) fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    pub(crate) fn span(&self, id: NodeId) -> Range<usize> {
        self.node(id).span.clone()
    }

    /// Follows aliases to the node they stand for.
    pub(crate) fn resolve(&self, mut id: NodeId) -> NodeId {
        for _ in 0..MAX_HOPS {
            match self.node(id).kind {
                NodeKind::Alias(target) => id = target,
                _ => return id,
            }
        }
        id
    }

    /// The scalar text of a node (through aliases).
    pub(crate) fn str(&self, id: NodeId) -> Option<&str> {
        match &self.node(self.resolve(id)).kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Whether the node is a literal (`|`) block scalar.
    pub(crate) fn is_literal(&self, id: NodeId) -> bool {
        matches!(
            self.node(self.resolve(id)).kind,
            NodeKind::Scalar { literal: true, .. }
        )
    }

    /// Whether the node is a plain (unquoted) scalar.
    pub(crate) fn is_plain(&self, id: NodeId) -> bool {
        matches!(
            self.node(self.resolve(id)).kind,
            NodeKind::Scalar { plain: true, .. }
        )
    }

    /// The items of a sequence (through aliases); empty for anything else.
    pub(crate) fn items(&self, id: NodeId) -> &[NodeId] {
        match &self.node(self.resolve(id)).kind {
            NodeKind::Sequence(items) => items,
            _ => &[],
        }
    }

    /// The value under `key` in a mapping, honouring `<<` merge keys (own keys
    /// win over merged ones).
    pub(crate) fn get(&self, map: NodeId, key: &str) -> Option<NodeId> {
        self.entry(map, key).map(|(_, value)| value)
    }

    /// The key node and the value under `key`, as [`YamlFile::get`].
    pub(crate) fn entry(&self, map: NodeId, key: &str) -> Option<(NodeId, NodeId)> {
        self.entries(map).find(|&(k, _)| self.str(k) == Some(key))
    }

    /// Follows a path of keys from `node`.
    pub(crate) fn path(&self, node: NodeId, keys: &[&str]) -> Option<NodeId> {
        keys.iter().try_fold(node, |at, key| self.get(at, key))
    }

    /// The string under `key`, if it is a scalar.
    pub(crate) fn get_str(&self, map: NodeId, key: &str) -> Option<&str> {
        self.get(map, key).and_then(|value| self.str(value))
    }

    /// Every (key, value) pair of a mapping, own entries first, then those
    /// brought in by `<<` merges (which a later own key shadows).
    pub(crate) fn entries(&self, map: NodeId) -> Entries<'_> {
        let mut entries = Entries {
            file: self,
            own: Vec::new(),
            merged: Vec::new(),
            position: 0,
        };
        entries.collect_from(map, 0);
        entries
    }

    /// Visits every node reachable from `root` (aliases followed) in document
    /// order, with the mapping key that leads to it; stops after a budget.
    /// `visit(key, node, at)`: `node` is resolved; `at` is where it was met
    /// (the alias itself, for an alias), for spans.
    #[must_use = "a walk cut short by its budget has not seen the whole document"]
    pub(crate) fn walk(
        &self,
        root: NodeId,
        mut visit: impl FnMut(Option<NodeId>, NodeId, NodeId),
    ) -> bool {
        let mut stack = vec![(None, root)];
        let mut budget = WALK_BUDGET;
        let mut walked = std::collections::HashSet::new();
        while let Some((key, id)) = stack.pop() {
            if budget == 0 {
                return false;
            }
            budget -= 1;
            let at = id;
            let id = self.resolve(id);
            let is_collection = matches!(
                self.node(id).kind,
                NodeKind::Mapping(_) | NodeKind::Sequence(_)
            );
            if is_collection && !walked.insert(id) {
                continue;
            }
            visit(key, id, at);
            match &self.node(id).kind {
                NodeKind::Mapping(_) => {
                    let pairs: Vec<_> = self.entries(id).collect();
                    stack.extend(pairs.into_iter().rev().map(|(k, v)| (Some(k), v)));
                }
                NodeKind::Sequence(items) => {
                    stack.extend(items.iter().rev().map(|&item| (key, item)));
                }
                NodeKind::Scalar { .. } | NodeKind::Alias(_) => {}
            }
        }
        true
    }
}

/// Iterator over a mapping's effective entries.
pub(crate) struct Entries<'f> {
    file: &'f YamlFile,
    own: Vec<(NodeId, NodeId)>,
    merged: Vec<(NodeId, NodeId)>,
    position: usize,
}

impl Entries<'_> {
    fn collect_from(&mut self, map: NodeId, depth: usize) {
        let NodeKind::Mapping(children) = &self.file.node(self.file.resolve(map)).kind else {
            return;
        };
        for pair in children.chunks_exact(2) {
            let (key, value) = (pair[0], pair[1]);
            if self.file.str(key) == Some("<<") && self.file.is_plain(key) && depth < MAX_HOPS {
                self.merge(value, depth);
            } else if depth == 0 {
                self.own.push((key, value));
            } else {
                self.merged.push((key, value));
            }
        }
    }

    fn merge(&mut self, value: NodeId, depth: usize) {
        let value = self.file.resolve(value);
        match &self.file.node(value).kind {
            NodeKind::Sequence(items) => {
                for &item in items {
                    self.collect_from(item, depth + 1);
                }
            }
            _ => self.collect_from(value, depth + 1),
        }
    }

    fn shadowed(&self, key: NodeId, upto: usize) -> bool {
        let name = self.file.str(key);
        self.own.iter().any(|&(own, _)| self.file.str(own) == name)
            || self.merged[..upto]
                .iter()
                .any(|&(earlier, _)| self.file.str(earlier) == name)
    }
}

impl Iterator for Entries<'_> {
    type Item = (NodeId, NodeId);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(&pair) = self.own.get(self.position) {
            self.position += 1;
            return Some(pair);
        }
        loop {
            let index = self.position - self.own.len();
            let &pair = self.merged.get(index)?;
            self.position += 1;
            if !self.shadowed(pair.0, index) {
                return Some(pair);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar_at<'a>(file: &YamlFile, source: &'a str, id: NodeId) -> &'a str {
        &source[file.span(id)]
    }

    #[test]
    fn spans_are_byte_offsets_even_after_multibyte_text() {
        let source = "note: \"héllo wörld\"\nkey: value\n";
        let file = parse(source);
        let value = file.get(file.docs[0], "key").unwrap();
        assert_eq!(scalar_at(&file, source, value), "value");
    }

    #[test]
    fn multi_document_files_give_one_root_each() {
        let file = parse("a: 1\n---\nb: 2\n---\n- c\n");
        assert_eq!(file.docs.len(), 3);
        assert!(file.error.is_none());
    }

    #[test]
    fn a_broken_document_is_dropped_and_the_next_one_read() {
        let file = parse("a: [1, 2\n---\nb: ok\n");
        assert!(file.error.is_some());
        let last = *file.docs.last().unwrap();
        assert_eq!(file.get_str(last, "b"), Some("ok"));
    }

    #[test]
    fn merge_keys_bring_in_entries_and_own_keys_win() {
        let source = "base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  y: 3\n";
        let file = parse(source);
        let child = file.get(file.docs[0], "child").unwrap();
        assert_eq!(file.get_str(child, "x"), Some("1"));
        assert_eq!(file.get_str(child, "y"), Some("3"));
        assert_eq!(file.entries(child).count(), 2);
    }

    #[test]
    fn aliases_resolve_to_their_anchor() {
        let file = parse("a: &v secret-ish\nb: *v\n");
        assert_eq!(file.get_str(file.docs[0], "b"), Some("secret-ish"));
    }

    #[test]
    fn comments_are_kept_with_their_spans() {
        let source = "a: 1 # seclint: ignore[x] why\n";
        let file = parse(source);
        assert_eq!(file.comments.len(), 1);
        assert_eq!(
            &source[file.comments[0].span.clone()],
            "# seclint: ignore[x] why"
        );
    }

    #[test]
    fn a_bom_is_skipped_and_offsets_stay_in_the_original_text() {
        let source = "\u{feff}key: value\n";
        let file = parse(source);
        let value = file.get(file.docs[0], "key").unwrap();
        assert_eq!(scalar_at(&file, source, value), "value");
    }

    #[test]
    fn a_block_scalar_at_end_of_file_without_newline_parses() {
        let file = parse("a: |\n  x");
        assert_eq!(file.get_str(file.docs[0], "a"), Some("x\n"));
    }

    #[test]
    fn an_alias_bomb_is_walked_within_budget() {
        let mut source = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let names: Vec<String> = (b'b'..=b'k').map(|c| (c as char).to_string()).collect();
        let mut previous = "a".to_string();
        for name in &names {
            let refs = vec![format!("*{previous}"); 10].join(", ");
            source.push_str(&format!("{name}: &{name} [{refs}]\n"));
            previous = name.clone();
        }
        let file = parse(&source);
        let mut visited = 0usize;
        assert!(file.walk(file.docs[0], |_, _, _| visited += 1));
        // Each anchored list is walked once: 11 lists, 10 items each, the root.
        assert!(visited < 200, "{visited}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let source = "[".repeat(100_000);
        let file = parse(&source);
        assert!(file.error.is_some());
    }

    #[test]
    fn spans_stay_inside_the_input() {
        for source in [
            "a: b",
            "- [a, {b: c}]\n",
            "x: |\n  y\n  z\n",
            "k: \"v",
            "? a\n: b\n",
        ] {
            let file = parse(source);
            for node in &file.nodes {
                assert!(node.span.start <= node.span.end && node.span.end <= source.len());
            }
            if let Some(error) = &file.error {
                assert!(error.offset <= source.len());
            }
        }
    }
}
