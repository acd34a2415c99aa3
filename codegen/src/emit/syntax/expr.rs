//! Expressions, statements and patterns as syn trees.

use proc_macro2::Span;

use super::{global_path, ident, path};

/// A path as an expression: `::std::option::Option::None`, `object`, `self`.
pub(crate) fn path_expr(path: syn::Path) -> syn::Expr {
    syn::Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path,
    })
}

/// A local name as an expression.
pub(crate) fn name_expr(name: &str) -> syn::Expr {
    path_expr(path(&[name]))
}

/// `function(arguments…)`.
pub(crate) fn call(function: syn::Expr, arguments: Vec<syn::Expr>) -> syn::Expr {
    syn::Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(function),
        paren_token: Default::default(),
        args: arguments.into_iter().collect(),
    })
}

/// `receiver.method(arguments…)`.
pub(crate) fn method_call(
    receiver: syn::Expr,
    method: &str,
    arguments: Vec<syn::Expr>,
) -> syn::Expr {
    syn::Expr::MethodCall(syn::ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method: ident(method),
        turbofish: None,
        paren_token: Default::default(),
        args: arguments.into_iter().collect(),
    })
}

/// `expression?`.
pub(crate) fn try_expr(expression: syn::Expr) -> syn::Expr {
    syn::Expr::Try(syn::ExprTry {
        attrs: Vec::new(),
        expr: Box::new(expression),
        question_token: Default::default(),
    })
}

/// `self.field`.
pub(crate) fn self_field(name: &str) -> syn::Expr {
    field(name_expr("self"), name)
}

/// `base.field`.
pub(crate) fn field(base: syn::Expr, name: &str) -> syn::Expr {
    syn::Expr::Field(syn::ExprField {
        attrs: Vec::new(),
        base: Box::new(base),
        dot_token: Default::default(),
        member: syn::Member::Named(ident(name)),
    })
}

/// `&expression`.
pub(crate) fn reference(expression: syn::Expr) -> syn::Expr {
    syn::Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(expression),
    })
}

/// `"text"`.
pub(crate) fn str_expr(text: &str) -> syn::Expr {
    lit_expr(str_lit(text))
}

/// A string literal, for an expression or a pattern.
pub(crate) fn str_lit(text: &str) -> syn::Lit {
    syn::Lit::Str(syn::LitStr::new(text, Span::call_site()))
}

/// `::std::option::Option::None`.
pub(crate) fn none() -> syn::Expr {
    path_expr(global_path(&["std", "option", "Option", "None"]))
}

/// `::std::option::Option::Some(value)`.
pub(crate) fn some(value: syn::Expr) -> syn::Expr {
    call(
        path_expr(global_path(&["std", "option", "Option", "Some"])),
        vec![value],
    )
}

/// `::std::default::Default::default()`.
pub(crate) fn default_value() -> syn::Expr {
    call(
        path_expr(global_path(&["std", "default", "Default", "default"])),
        Vec::new(),
    )
}

/// `(elements…)`; `()` when there are none.
pub(crate) fn tuple(elements: Vec<syn::Expr>) -> syn::Expr {
    syn::Expr::Tuple(syn::ExprTuple {
        attrs: Vec::new(),
        paren_token: Default::default(),
        elems: elements.into_iter().collect(),
    })
}

/// `[elements…]`.
pub(crate) fn array(elements: Vec<syn::Expr>) -> syn::Expr {
    syn::Expr::Array(syn::ExprArray {
        attrs: Vec::new(),
        bracket_token: Default::default(),
        elems: elements.into_iter().collect(),
    })
}

/// `left = right`.
pub(crate) fn assign(left: syn::Expr, right: syn::Expr) -> syn::Expr {
    syn::Expr::Assign(syn::ExprAssign {
        attrs: Vec::new(),
        left: Box::new(left),
        eq_token: Default::default(),
        right: Box::new(right),
    })
}

/// `path { name: value, … }`.
pub(crate) fn struct_expr(path: syn::Path, fields: Vec<(&str, syn::Expr)>) -> syn::Expr {
    struct_expr_of(
        path,
        fields
            .into_iter()
            .map(|(name, expr)| field_value(name, expr))
            .collect(),
    )
}

/// `path { fields… }`, for fields that mix `name: value` and shorthand `name`.
pub(crate) fn struct_expr_of(path: syn::Path, fields: Vec<syn::FieldValue>) -> syn::Expr {
    syn::Expr::Struct(syn::ExprStruct {
        attrs: Vec::new(),
        qself: None,
        path,
        brace_token: Default::default(),
        fields: fields.into_iter().collect(),
        dot2_token: None,
        rest: None,
    })
}

/// `name: value` in a struct expression.
pub(crate) fn field_value(name: &str, expr: syn::Expr) -> syn::FieldValue {
    syn::FieldValue {
        attrs: Vec::new(),
        member: syn::Member::Named(ident(name)),
        colon_token: Some(Default::default()),
        expr,
    }
}

/// `name` in a struct expression: the local of the same name.
pub(crate) fn shorthand_field(name: &str) -> syn::FieldValue {
    syn::FieldValue {
        attrs: Vec::new(),
        member: syn::Member::Named(ident(name)),
        colon_token: None,
        expr: name_expr(name),
    }
}

/// `let pattern = value;`.
pub(crate) fn let_statement(pattern: syn::Pat, value: syn::Expr) -> syn::Stmt {
    syn::Stmt::Local(syn::Local {
        attrs: Vec::new(),
        let_token: Default::default(),
        pat: pattern,
        init: Some(syn::LocalInit {
            eq_token: Default::default(),
            expr: Box::new(value),
            diverge: None,
        }),
        semi_token: Default::default(),
    })
}

/// `expression;`.
pub(crate) fn statement(expression: syn::Expr) -> syn::Stmt {
    syn::Stmt::Expr(expression, Some(Default::default()))
}

/// The value of a block: `expression` with no semicolon.
pub(crate) fn tail(expression: syn::Expr) -> syn::Stmt {
    syn::Stmt::Expr(expression, None)
}

pub(crate) fn block(statements: Vec<syn::Stmt>) -> syn::Block {
    syn::Block {
        brace_token: Default::default(),
        stmts: statements,
    }
}

/// `Self::Variant`, or any path, as a pattern.
pub(crate) fn path_pat(path: syn::Path) -> syn::Pat {
    syn::Pat::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path,
    })
}

/// `_`.
pub(crate) fn wild_pat() -> syn::Pat {
    syn::Pat::Wild(syn::PatWild {
        attrs: Vec::new(),
        underscore_token: Default::default(),
    })
}

/// A binding: `body`.
pub(crate) fn name_pat(name: &str) -> syn::Pat {
    syn::Pat::Ident(syn::PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability: None,
        ident: ident(name),
        subpat: None,
    })
}

/// `path(elements…)`: `Self::NotFound(body)`.
pub(crate) fn tuple_struct_pat(path: syn::Path, elements: Vec<syn::Pat>) -> syn::Pat {
    syn::Pat::TupleStruct(syn::PatTupleStruct {
        attrs: Vec::new(),
        qself: None,
        path,
        paren_token: Default::default(),
        elems: elements.into_iter().collect(),
    })
}

/// `path { fields…, .. }`, each field bound by its own name.
pub(crate) fn struct_rest_pat(path: syn::Path, fields: &[&str]) -> syn::Pat {
    syn::Pat::Struct(syn::PatStruct {
        attrs: Vec::new(),
        qself: None,
        path,
        brace_token: Default::default(),
        fields: fields
            .iter()
            .map(|field| syn::FieldPat {
                attrs: Vec::new(),
                member: syn::Member::Named(ident(field)),
                colon_token: None,
                pat: Box::new(name_pat(field)),
            })
            .collect(),
        rest: Some(syn::PatRest {
            attrs: Vec::new(),
            dot2_token: Default::default(),
        }),
    })
}

/// An unsuffixed integer literal: `404`.
pub(crate) fn int_lit(value: impl std::fmt::Display) -> syn::Lit {
    syn::Lit::Int(syn::LitInt::new(&value.to_string(), Span::call_site()))
}

pub(crate) fn lit_expr(lit: syn::Lit) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit,
    })
}

pub(crate) fn lit_pat(lit: syn::Lit) -> syn::Pat {
    syn::Pat::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit,
    })
}

/// `a | b | c`, or the one pattern alone.
pub(crate) fn or_pat(mut cases: Vec<syn::Pat>) -> syn::Pat {
    if cases.len() == 1 {
        return cases.remove(0);
    }
    syn::Pat::Or(syn::PatOr {
        attrs: Vec::new(),
        leading_vert: None,
        cases: cases.into_iter().collect(),
    })
}

/// `*expression`.
pub(crate) fn deref(expression: syn::Expr) -> syn::Expr {
    syn::Expr::Unary(syn::ExprUnary {
        attrs: Vec::new(),
        op: syn::UnOp::Deref(Default::default()),
        expr: Box::new(expression),
    })
}

/// `pattern => body,`.
pub(crate) fn arm(pattern: syn::Pat, body: syn::Expr) -> syn::Arm {
    syn::Arm {
        attrs: Vec::new(),
        pat: pattern,
        guard: None,
        fat_arrow_token: Default::default(),
        body: Box::new(body),
        comma: Some(Default::default()),
    }
}

/// `match scrutinee { arms… }`.
pub(crate) fn match_expr(scrutinee: syn::Expr, arms: Vec<syn::Arm>) -> syn::Expr {
    syn::Expr::Match(syn::ExprMatch {
        attrs: Vec::new(),
        match_token: Default::default(),
        expr: Box::new(scrutinee),
        brace_token: Default::default(),
        arms,
    })
}

/// `name!(tokens)`: a macro call such as `write!`.
pub(crate) fn macro_expr(name: &str, tokens: proc_macro2::TokenStream) -> syn::Expr {
    syn::Expr::Macro(syn::ExprMacro {
        attrs: Vec::new(),
        mac: syn::Macro {
            path: path(&[name]),
            bang_token: Default::default(),
            delimiter: syn::MacroDelimiter::Paren(Default::default()),
            tokens,
        },
    })
}
