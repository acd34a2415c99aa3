//! Markdown tables and inline code that survive any spec text put into them.

/// A GitHub-flavoured Markdown table.
#[derive(Debug, Clone)]
pub(super) struct Table {
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub(super) fn new(header: &[&'static str]) -> Self {
        Table {
            header: header.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; every cell is escaped, so callers pass plain Markdown.
    pub(super) fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub(super) fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table, ending with a newline.
    pub(super) fn render(&self) -> String {
        let mut out = line(self.header.iter().map(|title| (*title).to_owned()));
        out.push_str(&line(self.header.iter().map(|_| "---".to_owned())));
        for row in &self.rows {
            out.push_str(&line(row.iter().map(|text| cell(text))));
        }
        out
    }
}

fn line(cells: impl Iterator<Item = String>) -> String {
    let cells: Vec<String> = cells.collect();
    format!("| {} |\n", cells.join(" | "))
}

/// Text made fit for one table cell: a `|` would end the cell, so it is escaped (GitHub also
/// reads `\|` inside code spans in tables as `|`), and line breaks would end the row, so lines
/// are joined and paragraphs separated by `<br>`.
pub(super) fn cell(text: &str) -> String {
    // One pass into one string: tables hold most of the reference pages' text.
    let mut out = String::with_capacity(text.len() + 8);
    for paragraph in text.split("\n\n") {
        for (index, word) in paragraph.split_whitespace().enumerate() {
            if index > 0 {
                out.push(' ');
            } else if !out.is_empty() {
                out.push_str("<br><br>");
            }
            for (part, piece) in word.split('|').enumerate() {
                if part > 0 {
                    out.push_str("\\|");
                }
                out.push_str(piece);
            }
        }
    }
    out
}

/// Inline code: `` `text` ``, with a longer fence when the text holds backticks.
pub(super) fn code(text: &str) -> String {
    if !text.contains('`') {
        let mut out = String::with_capacity(text.len() + 2);
        out.push('`');
        out.push_str(text);
        out.push('`');
        return out;
    }
    let mut fence = "``".to_owned();
    while text.contains(fence.as_str()) {
        fence.push('`');
    }
    format!("{fence} {text} {fence}")
}

/// `yes` or `no`, for the Required and Nullable columns.
pub(super) fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipes_are_escaped_and_lines_joined() {
        assert_eq!(
            cell("a | b\nc\n\nsecond   paragraph"),
            "a \\| b c<br><br>second paragraph"
        );
        assert_eq!(cell("a\n\n  \n\n|x||\n\n"), "a<br><br>\\|x\\|\\|");
    }

    #[test]
    fn empty_text_gives_an_empty_cell() {
        assert_eq!(cell(" \n\n "), "");
    }

    #[test]
    fn table_renders_header_separator_and_escaped_rows() {
        let mut table = Table::new(&["Name", "Type"]);
        assert!(table.is_empty());
        table.row(vec!["`a|b`".to_owned(), "x\ny".to_owned()]);
        assert_eq!(
            table.render(),
            "| Name | Type |\n| --- | --- |\n| `a\\|b` | x y |\n"
        );
    }

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(code("Vec<String>"), "`Vec<String>`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("a``b"), "``` a``b ```");
    }
}
