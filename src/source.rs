//! Source text of a scanned file with its line index: turns byte spans into
//! 1-based line and column numbers, and masks secret values for display.

use std::ops::Range;
use std::sync::Arc;

/// A file's path relative to the root (with `/`), its text and line starts.
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    pub(crate) path: String,
    pub(crate) text: Arc<str>,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub(crate) fn new(path: String, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        SourceFile {
            path,
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |prefix| prefix.chars().count());
        (line + 1, column + 1)
    }

    /// Byte range of the 1-based line `line`, without its line break.
    pub(crate) fn line_span(&self, line: usize) -> Range<usize> {
        let start = self
            .line_starts
            .get(line - 1)
            .copied()
            .unwrap_or(self.text.len());
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next.saturating_sub(1));
        start..end.max(start)
    }

    /// The text with every byte of the given spans (except line breaks)
    /// replaced by `*`, so a snippet keeps its shape and offsets but shows no
    /// secret value.
    pub(crate) fn masked(&self, spans: &[Range<usize>]) -> String {
        let mut bytes = self.text.as_bytes().to_vec();
        for span in spans {
            let end = span.end.min(bytes.len());
            for byte in &mut bytes[span.start.min(end)..end] {
                if *byte != b'\n' && *byte != b'\r' {
                    *byte = b'*';
                }
            }
        }
        String::from_utf8(bytes).unwrap_or_else(|_| "*".repeat(self.text.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let file = SourceFile::new("a.yaml".into(), "ab\nä: x\n");
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (2, 1));
        assert_eq!(file.line_col(7), (2, 4));
    }

    #[test]
    fn masking_keeps_length_and_line_breaks() {
        let file = SourceFile::new("a".into(), "k: sécret\nn: 1\n");
        let spans = [std::ops::Range { start: 3, end: 10 }];
        let masked = file.masked(&spans);
        assert_eq!(masked.len(), file.text.len());
        assert!(!masked.contains("cret"));
        assert!(masked.ends_with("\nn: 1\n"));
    }
}
