//! Line and column of a byte offset, as people count them: both 1-based, columns in characters.

/// A place in a template's source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line; lines end at `\n`.
    pub line: usize,
    /// 1-based column, counted in characters (not bytes, not UTF-16 units).
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `source`. An offset past the end, or inside a
    /// character, is clamped to the character that contains it.
    pub fn of_offset(source: &str, offset: usize) -> Position {
        let mut line = 1;
        let mut column = 1;
        for (index, character) in source.char_indices() {
            if index >= offset {
                break;
            }
            if character == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        Position { line, column }
    }

    /// The position of the `nth` character (0-based) of `source`.
    pub fn of_char_index(source: &str, nth: usize) -> Position {
        let offset = source
            .char_indices()
            .nth(nth)
            .map_or(source.len(), |(index, _)| index);
        Position::of_offset(source, offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_byte_is_line_one_column_one() {
        assert_eq!(
            Position::of_offset("abc", 0),
            Position { line: 1, column: 1 }
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        // "é" is two bytes: the "x" after it is the third character.
        assert_eq!(
            Position::of_offset("éé x", 5),
            Position { line: 1, column: 4 }
        );
    }

    #[test]
    fn a_newline_starts_the_next_line_at_column_one() {
        assert_eq!(
            Position::of_offset("ab\ncd", 4),
            Position { line: 2, column: 2 }
        );
    }

    #[test]
    fn an_offset_past_the_end_is_clamped() {
        assert_eq!(
            Position::of_offset("ab", 99),
            Position { line: 1, column: 3 }
        );
    }

    #[test]
    fn a_character_index_maps_to_its_position() {
        assert_eq!(
            Position::of_char_index("ab\nçd", 4),
            Position { line: 2, column: 2 }
        );
    }
}
