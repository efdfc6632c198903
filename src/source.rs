//! Source text as read from disk, and the one helper that turns a byte offset into a
//! line and column. Every diagnostic that points into a file goes through here, so
//! positions are counted the same way everywhere (1-based lines, 1-based columns in
//! characters).

use std::path::PathBuf;
use std::sync::Arc;

/// A file's text with the path shown to people (relative to where they ran the command
/// when possible). Shared by `Arc` because diagnostics and pages both point into it.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> Arc<Self> {
        Arc::new(Self { path, text })
    }

    /// 1-based line and column of a byte offset; an offset past the end points at the
    /// end, an offset inside a multi-byte character points at that character.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    pub fn display_path(&self) -> String {
        self.path.display().to_string()
    }
}

/// The first control character in `text` (UTF-8) other than those `allowed`, with its
/// byte offset. Control characters are U+0000–U+001F, U+007F and U+0080–U+009F, which
/// UTF-8 writes as `C2 80`–`C2 9F`. Every rendered page passes through here, as the bytes
/// tera wrote, so the bytes are first screened 64 at a time without branches (which the
/// compiler vectorises), and only a block holding a candidate byte is looked at closely.
pub fn first_control_character(text: &[u8], allowed: &[char]) -> Option<(usize, char)> {
    const BLOCK: usize = 64;
    let allowed_ascii: Vec<u8> = allowed.iter().filter_map(|&c| u8::try_from(c).ok()).filter(|&b| b < 0x20).collect();
    // Up to three allowed bytes are passed over in the screen; any further ones are
    // candidates that the close look lets through. A space stands for "none".
    let [a, b, c] = std::array::from_fn(|i| allowed_ascii.get(i).copied().unwrap_or(b' '));
    let candidate = |x: u8| (x < 0x20) & (x != a) & (x != b) & (x != c) | (x == 0x7f) | (x == 0xc2);
    let control_at = |at: usize| {
        // An ASCII byte or a lead byte, so always the start of a character; U+0080–U+009F
        // is the number of its second byte.
        let c = match text[at] {
            byte @ (0x00..=0x1f | 0x7f) => char::from(byte),
            0xc2 => match text.get(at + 1) {
                Some(&second @ 0x80..=0x9f) => char::from(second),
                _ => return None,
            },
            _ => return None,
        };
        (!allowed.contains(&c)).then_some((at, c))
    };
    text.chunks(BLOCK).enumerate().find_map(|(block, chunk)| {
        if !chunk.iter().fold(false, |seen, &b| seen | candidate(b)) {
            return None;
        }
        let first = block * BLOCK;
        (first..first + chunk.len()).find_map(control_at)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_at_their_offset_and_others_pass() {
        assert_eq!(first_control_character("a\tb\nc".as_bytes(), &['\t', '\n']), None);
        assert_eq!(first_control_character("a\tb".as_bytes(), &['\n']), Some((1, '\t')));
        assert_eq!(first_control_character("§ «x» é\u{7f}".as_bytes(), &[]), Some((11, '\u{7f}')));
        assert_eq!(first_control_character("ø\u{85}".as_bytes(), &[]), Some((2, '\u{85}')));
        assert_eq!(first_control_character("\u{a0}\u{bf}ÿ".as_bytes(), &[]), None);
        let across_blocks = format!("{}\u{85}", "x".repeat(63));
        assert_eq!(first_control_character(across_blocks.as_bytes(), &[]), Some((63, '\u{85}')));
        assert_eq!(first_control_character("\t\n\r\u{b}".as_bytes(), &['\t', '\n', '\r', '\u{b}']), None);
    }

    proptest::proptest! {
        /// The screened scan agrees with the plain definition: the first `char` that is
        /// a control character and not allowed.
        #[test]
        fn control_characters_match_the_plain_definition(
            text in "([a-zé§ «\t\n\r\u{1}\u{7f}\u{85}\u{9f}\u{a0}]{0,40}){0,8}",
            allowed in proptest::sample::subsequence(vec!['\t', '\n', '\r', '\u{1}', '\u{85}'], 0..=5),
        ) {
            let plain = text.char_indices().find(|&(_, c)| c.is_control() && !allowed.contains(&c));
            proptest::prop_assert_eq!(first_control_character(text.as_bytes(), &allowed), plain);
        }
    }

    fn file(text: &str) -> Arc<SourceFile> {
        SourceFile::new(PathBuf::from("x.md"), text.to_string())
    }

    #[test]
    fn first_byte_is_line_one_column_one() {
        assert_eq!(file("abc").line_col(0), (1, 1));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(file("ab\nøæå x").line_col(10), (2, 5));
    }

    #[test]
    fn offset_inside_a_character_points_at_it() {
        assert_eq!(file("ø").line_col(1), (1, 1));
    }

    #[test]
    fn offset_past_the_end_points_at_the_end() {
        assert_eq!(file("a\nb").line_col(99), (2, 2));
    }
}
