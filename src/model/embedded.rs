//! Strings embedded in YAML (an Argo CD `helm.values: |` block, an OpenBao
//! `config: |` HCL stanza) and how their offsets map back to the file.

use std::ops::Range;

/// Maps byte offsets in a scalar's value back to the file. Only text known
/// to stand verbatim in the file is mapped one-to-one; anything else (escapes,
/// folding) maps to the whole scalar, so a mask never lands beside a value.
pub(crate) struct EmbeddedMap {
    /// Each value line: (offset in the value, length, file offset when the
    /// line stands verbatim in the file).
    lines: Vec<(usize, usize, Option<usize>)>,
    /// The scalar's own span.
    whole: Range<usize>,
}

impl EmbeddedMap {
    /// `raw` is the scalar's source text, starting at file offset `start`;
    /// for a literal block scalar it starts at the first content line.
    pub(crate) fn new(value: &str, raw: &str, start: usize, literal: bool) -> Self {
        let whole = start..start + raw.len();
        let lines = if value == raw {
            vec![(0, value.len(), Some(start))]
        } else if is_quoted_verbatim(value, raw) {
            vec![(0, value.len(), Some(start + 1))]
        } else if literal {
            literal_block_lines(value, raw, start)
        } else {
            Vec::new()
        };
        EmbeddedMap { lines, whole }
    }

    /// The file span of a span inside the value.
    pub(crate) fn map(&self, span: Range<usize>) -> Range<usize> {
        let (Some(start), Some(end)) = (
            self.locate(span.start),
            self.locate(span.end.max(span.start)),
        ) else {
            return self.whole.clone();
        };
        start..end.max(start)
    }

    /// The file offset of a value offset, if its line stands verbatim.
    fn locate(&self, offset: usize) -> Option<usize> {
        let &(line, length, file) = self
            .lines
            .iter()
            .find(|&&(line, length, _)| line <= offset && offset <= line + length)?;
        Some(file? + (offset - line).min(length))
    }
}

/// `"value"` or `'value'` with nothing escaped.
fn is_quoted_verbatim(value: &str, raw: &str) -> bool {
    let quoted = |quote: char| {
        raw.len() == value.len() + 2 && raw.starts_with(quote) && raw.ends_with(quote)
    };
    (quoted('"') || quoted('\'')) && &raw[1..raw.len() - 1] == value
}

/// A literal block scalar (`|`): each value line is the end of one source
/// line, once the indentation is removed.
fn literal_block_lines(value: &str, raw: &str, start: usize) -> Vec<(usize, usize, Option<usize>)> {
    let mut source_lines = raw.split_inclusive('\n').scan(start, |offset, line| {
        let at = *offset;
        *offset += line.len();
        Some((at, line.trim_end_matches(['\n', '\r'])))
    });
    let mut lines = Vec::new();
    let mut offset = 0;
    for value_line in value.split('\n') {
        let file = source_lines.next().and_then(|(at, source_line)| {
            source_line
                .ends_with(value_line)
                .then(|| at + source_line.len() - value_line.len())
        });
        lines.push((offset, value_line.len(), file));
        offset += value_line.len() + 1;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_block_lines_map_to_their_file_position() {
        let file = "config: |\n  seal \"transit\" {\n    token = \"abc\"\n  }\n";
        let raw_start = file.find("seal").unwrap();
        let raw = &file[raw_start..];
        let value = "seal \"transit\" {\n  token = \"abc\"\n}\n";
        let map = EmbeddedMap::new(value, raw, raw_start, true);
        let inner = value.find("abc").unwrap();
        let mapped = map.map(inner..inner + 3);
        assert_eq!(&file[mapped], "abc");
    }

    #[test]
    fn escaped_or_folded_strings_map_to_the_whole_scalar() {
        let file = "values: \"auth:\\n  p\\u0061ssword: hunter2\\n\"\n";
        let raw_start = file.find('"').unwrap();
        let raw_end = file.rfind('"').unwrap() + 1;
        let value = "auth:\n  password: hunter2\n";
        let map = EmbeddedMap::new(value, &file[raw_start..raw_end], raw_start, false);
        let inner = value.find("hunter2").unwrap();
        assert_eq!(map.map(inner..inner + 7), raw_start..raw_end);
    }

    #[test]
    fn plain_and_simply_quoted_scalars_map_exactly() {
        let map = EmbeddedMap::new("a ###X### b", "a ###X### b", 10, false);
        assert_eq!(map.map(2..9), 12..19);
        let map = EmbeddedMap::new("###X###", "'###X###'", 10, false);
        assert_eq!(map.map(0..7), 11..18);
    }

    #[test]
    fn crlf_literal_blocks_map_exactly() {
        let file = "config: |\r\n  token = \"abc\"\r\n";
        let raw_start = file.find("token").unwrap();
        let value = "token = \"abc\"\n";
        let map = EmbeddedMap::new(value, &file[raw_start..], raw_start, true);
        let inner = value.find("abc").unwrap();
        assert_eq!(&file[map.map(inner..inner + 3)], "abc");
    }
}
