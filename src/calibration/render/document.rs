//! A report as a document of headings, paragraphs, lists and tables, written as plain text for
//! a terminal or as Markdown for a wiki page.

/// How a report is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for a terminal.
    Text,
    Markdown,
}

#[derive(Debug, Clone, PartialEq)]
enum Block {
    Heading(u8, String),
    Paragraph(String),
    List(Vec<String>),
    Table(Table),
}

/// A table whose first column is text and whose other columns are figures (aligned right),
/// unless marked as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    text_columns: Vec<usize>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            text_columns: vec![0],
        }
    }

    /// Marks more columns as text, aligned left.
    pub fn text(mut self, columns: &[usize]) -> Table {
        self.text_columns.extend_from_slice(columns);
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn widths(&self) -> Vec<usize> {
        let width = |text: &str| text.chars().count();
        self.headers
            .iter()
            .enumerate()
            .map(|(column, header)| {
                self.rows
                    .iter()
                    .filter_map(|row| row.get(column))
                    .map(|cell| width(cell))
                    .fold(width(header), usize::max)
            })
            .collect()
    }

    fn write_text(&self, out: &mut String) {
        let widths = self.widths();
        let line = |cells: &[String], out: &mut String| {
            let mut text = String::new();
            for (column, width) in widths.iter().enumerate() {
                let cell = cells.get(column).map_or("", String::as_str);
                let pad = " ".repeat(width - cell.chars().count());
                if column > 0 {
                    text.push_str("  ");
                }
                if self.text_columns.contains(&column) {
                    text.push_str(cell);
                    text.push_str(&pad);
                } else {
                    text.push_str(&pad);
                    text.push_str(cell);
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        };
        line(&self.headers, out);
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        line(&rule, out);
        for row in &self.rows {
            line(row, out);
        }
    }

    fn markdown(&self, out: &mut String) {
        let escape = |cell: &str| cell.replace('|', "\\|");
        let line = |cells: Vec<String>, out: &mut String| {
            out.push_str("| ");
            out.push_str(&cells.join(" | "));
            out.push_str(" |\n");
        };
        line(self.headers.iter().map(|h| escape(h)).collect(), out);
        let rule = |c: usize| match self.text_columns.contains(&c) {
            true => "---".to_string(),
            false => "---:".to_string(),
        };
        line((0..self.headers.len()).map(rule).collect(), out);
        for row in &self.rows {
            line(
                (0..self.headers.len())
                    .map(|c| escape(row.get(c).map_or("", String::as_str)))
                    .collect(),
                out,
            );
        }
    }
}

/// A report being written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    blocks: Vec<Block>,
}

impl Document {
    pub fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.blocks.push(Block::Heading(level, text.into()));
    }

    pub fn paragraph(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(text.into()));
    }

    pub fn list(&mut self, items: Vec<String>) {
        if !items.is_empty() {
            self.blocks.push(Block::List(items));
        }
    }

    pub fn table(&mut self, table: Table) {
        self.blocks.push(Block::Table(table));
    }

    pub fn write(&self, format: Format) -> String {
        let mut out = String::new();
        for (at, block) in self.blocks.iter().enumerate() {
            if at > 0 {
                out.push('\n');
            }
            match (block, format) {
                (Block::Heading(level, text), Format::Markdown) => {
                    out.push_str(&format!("{} {text}\n", "#".repeat(usize::from(*level))));
                }
                (Block::Heading(level, text), Format::Text) => {
                    let underline = if *level == 1 { '=' } else { '-' };
                    out.push_str(&format!(
                        "{text}\n{}\n",
                        underline.to_string().repeat(text.chars().count())
                    ));
                }
                (Block::Paragraph(text), _) => {
                    out.push_str(text);
                    out.push('\n');
                }
                (Block::List(items), _) => {
                    for item in items {
                        out.push_str(&format!("- {item}\n"));
                    }
                }
                (Block::Table(table), Format::Text) => table.write_text(&mut out),
                (Block::Table(table), Format::Markdown) => table.markdown(&mut out),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Document {
        let mut doc = Document::default();
        doc.heading(1, "Report");
        doc.paragraph("Two bands.");
        let mut table = Table::new(&["Band", "Leads", "Rate"]);
        table.row(vec!["cold".into(), "1,200".into(), "4.0%".into()]);
        table.row(vec!["hot | top".into(), "35".into(), "31.4%".into()]);
        doc.table(table);
        doc.list(vec!["one".into()]);
        doc
    }

    #[test]
    fn text_aligns_figures_right() {
        let expected = "Report\n======\n\nTwo bands.\n\nBand       Leads   Rate\n---------  -----  -----\ncold       1,200   4.0%\nhot | top     35  31.4%\n\n- one\n";
        assert_eq!(sample().write(Format::Text), expected);
    }

    #[test]
    fn markdown_writes_pipe_tables() {
        let expected = "# Report\n\nTwo bands.\n\n| Band | Leads | Rate |\n| --- | ---: | ---: |\n| cold | 1,200 | 4.0% |\n| hot \\| top | 35 | 31.4% |\n\n- one\n";
        assert_eq!(sample().write(Format::Markdown), expected);
    }
}
