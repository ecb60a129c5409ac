//! Strings embedded in YAML (an Argo CD `helm.values: |` block, an OpenBao
//! `config: |` HCL stanza) and how their offsets map back to the file.

use std::ops::Range;

/// Maps byte offsets in a scalar's value back to the file.
pub(crate) struct EmbeddedMap {
    /// (offset of a value line, file offset of that line); sorted.
    lines: Vec<(usize, usize)>,
    /// The scalar's own span, used when a line could not be placed.
    whole: Range<usize>,
}

impl EmbeddedMap {
    /// Places every line of `value` in `raw` (the scalar's source text, which
    /// starts at file offset `start`). Literal block scalars keep their lines
    /// verbatim; for other styles the lines that cannot be found map to the
    /// whole scalar.
    pub(crate) fn new(value: &str, raw: &str, start: usize) -> Self {
        let mut lines = Vec::new();
        let mut cursor = 0;
        let mut offset = 0;
        for line in value.split('\n') {
            if !line.is_empty() {
                if let Some(found) = raw.get(cursor..).and_then(|rest| rest.find(line)) {
                    lines.push((offset, start + cursor + found));
                    cursor += found + line.len();
                }
            }
            offset += line.len() + 1;
        }
        EmbeddedMap {
            lines,
            whole: start..start + raw.len(),
        }
    }

    /// The file span of a span inside the value.
    pub(crate) fn map(&self, span: Range<usize>) -> Range<usize> {
        let index = self.lines.partition_point(|&(line, _)| line <= span.start);
        let Some(&(line, file)) = index.checked_sub(1).and_then(|at| self.lines.get(at)) else {
            return self.whole.clone();
        };
        let next_line = self.lines.get(index).map_or(usize::MAX, |&(next, _)| next);
        if span.end >= next_line {
            // The span crosses a line we could not place one-to-one.
            let start = file + (span.start - line);
            return start..start.max(self.whole.end.min(start + (span.end - span.start)));
        }
        let start = file + (span.start - line);
        start..start + (span.end - span.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_block_lines_map_to_their_file_position() {
        let file = "config: |\n  seal \"transit\" {\n    token = \"abc\"\n  }\n";
        let raw_start = file.find('|').unwrap();
        let raw = &file[raw_start..];
        let value = "seal \"transit\" {\n  token = \"abc\"\n}\n";
        let map = EmbeddedMap::new(value, raw, raw_start);
        let inner = value.find("abc").unwrap();
        let mapped = map.map(inner..inner + 3);
        assert_eq!(&file[mapped], "abc");
    }
}
