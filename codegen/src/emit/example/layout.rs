//! Laying out a Rust expression the way rustfmt would: short ones on one line, struct
//! literals and long lists one item per line.

/// A Rust expression, kept as a tree so that long ones can be laid out over several lines the
/// way rustfmt would.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Expr {
    /// Text that stays on one line: `"Jordan.Lee".to_owned()`, `8`, `None`.
    Atom(String),
    /// `open` items `close`: `vec![a, b]`, `(key, value)`.
    List {
        open: &'static str,
        items: Vec<Expr>,
        close: &'static str,
    },
    /// `Some(..)`, `Box::new(..)` or `Enum::Variant(..)` around one value, hugging it when it
    /// spans lines.
    Wrap { open: String, inner: Box<Expr> },
    /// `Path::new(arguments)`, then one `.setter(value)` per line.
    Construct {
        path: String,
        arguments: Vec<Expr>,
        setters: Vec<(String, Expr)>,
    },
}

/// Lists longer than this are written one item per line.
const MAX_FLAT_LIST: usize = 60;

impl Expr {
    pub(super) fn atom(text: impl Into<String>) -> Expr {
        Expr::Atom(text.into())
    }

    pub(super) fn list(open: &'static str, items: Vec<Expr>, close: &'static str) -> Expr {
        Expr::List { open, items, close }
    }

    pub(super) fn wrap(open: &'static str, inner: Expr) -> Expr {
        Expr::wrap_named(open.to_owned(), inner)
    }

    pub(super) fn wrap_named(open: String, inner: Expr) -> Expr {
        Expr::Wrap {
            open,
            inner: Box::new(inner),
        }
    }

    /// The one-line form, if the expression has one.
    fn flat(&self) -> Option<String> {
        match self {
            Expr::Atom(text) => Some(text.clone()),
            Expr::List { open, items, close } => {
                let items: Option<Vec<String>> = items.iter().map(Expr::flat).collect();
                Some(format!("{open}{}{close}", items?.join(", ")))
            }
            Expr::Wrap { open, inner } => Some(format!("{open}{})", inner.flat()?)),
            Expr::Construct {
                path,
                arguments,
                setters,
            } if setters.is_empty() => {
                let arguments: Option<Vec<String>> = arguments.iter().map(Expr::flat).collect();
                Some(format!("{path}::new({})", arguments?.join(", ")))
            }
            Expr::Construct { .. } => None,
        }
    }

    /// The expression starting at column 0; continuation lines are indented relative to it.
    pub(super) fn render(&self) -> String {
        match self {
            Expr::Wrap { open, inner } => format!("{open}{})", inner.render()),
            Expr::List { open, items, close } => match self.flat() {
                Some(flat) if flat.len() <= MAX_FLAT_LIST => flat,
                _ => {
                    let items: Vec<String> = items
                        .iter()
                        .map(|item| format!("{},", item.render()))
                        .collect();
                    format!("{open}\n{}{close}", indent(&items.join("\n")))
                }
            },
            Expr::Construct {
                path,
                arguments,
                setters,
            } => {
                let call = Expr::List {
                    open: "",
                    items: arguments.clone(),
                    close: "",
                };
                let mut text = match call.flat() {
                    Some(flat) if flat.len() <= MAX_FLAT_LIST => format!("{path}::new({flat})"),
                    _ => {
                        let items: Vec<String> = arguments
                            .iter()
                            .map(|item| format!("{},", item.render()))
                            .collect();
                        format!("{path}::new(\n{})", indent(&items.join("\n")))
                    }
                };
                // rustfmt indents a chain under a one-line call, and not under a multi-line one.
                let hanging = !text.contains('\n');
                for (setter, value) in setters {
                    let call = format!(".{setter}({})", value.render());
                    text.push('\n');
                    if hanging {
                        text.push_str(indent(&call).trim_end());
                    } else {
                        text.push_str(&call);
                    }
                }
                text
            }
            Expr::Atom(_) => self.flat().unwrap_or_default(),
        }
    }
}

/// Indents every non-empty line by four spaces, and ends the text with a newline.
pub(super) fn indent(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.lines() {
        if !line.is_empty() {
            out.push_str("    ");
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrappers_hug_a_multi_line_construction() {
        let inner = Expr::Construct {
            path: "Account".to_owned(),
            arguments: vec![Expr::atom("1")],
            setters: vec![("with_name".to_owned(), Expr::atom("\"A\""))],
        };
        assert_eq!(
            Expr::wrap("Some(", inner).render(),
            "Some(Account::new(1)\n    .with_name(\"A\"))"
        );
    }

    #[test]
    fn constructions_without_setters_stay_on_one_line() {
        let plain = Expr::Construct {
            path: "Empty".to_owned(),
            arguments: Vec::new(),
            setters: Vec::new(),
        };
        assert_eq!(plain.render(), "Empty::new()");
    }

    #[test]
    fn indent_skips_blank_lines() {
        assert_eq!(indent("a\n\nb"), "    a\n\n    b\n");
    }
}
