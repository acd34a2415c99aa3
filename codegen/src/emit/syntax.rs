//! syn nodes built directly, for the shapes a large crate repeats thousands of times (a
//! model's fields, setters and serde impls).
//!
//! Most of the generator writes `quote!` templates, which syn then parses. Parsing is where
//! the generator spent a third of its time on the whole beta spec, and a setter built here
//! costs about a ninth of one quoted and parsed. Where a shape is fixed but for a name or two
//! (a `Serialize` impl's signature), its template is parsed once per thread ([`template`])
//! and cloned. prettyplease prints both the same way, so the output does not change.

use proc_macro2::Span;
use syn::punctuated::Punctuated;

pub(crate) use super::types::ident;
use super::types::{Leaf, TypeSyntax};

/// `a::b::c`: a path from the given segments, relative.
pub(crate) fn path(segments: &[&str]) -> syn::Path {
    syn::Path {
        leading_colon: None,
        segments: segments
            .iter()
            .map(|segment| syn::PathSegment::from(ident(segment)))
            .collect(),
    }
}

/// `::a::b::c`: an absolute path, which no name in the generated crate can shadow.
pub(crate) fn global_path(segments: &[&str]) -> syn::Path {
    syn::Path {
        leading_colon: Some(Default::default()),
        ..path(segments)
    }
}

/// The path with `<arguments>` on its last segment: `Vec<T>`.
fn with_arguments(mut path: syn::Path, arguments: Vec<syn::Type>) -> syn::Path {
    if let Some(last) = path.segments.last_mut() {
        last.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args: arguments
                .into_iter()
                .map(syn::GenericArgument::Type)
                .collect(),
            gt_token: Default::default(),
        });
    }
    path
}

pub(crate) fn path_type(path: syn::Path) -> syn::Type {
    syn::Type::Path(syn::TypePath { qself: None, path })
}

/// `::std::option::Option<inner>`.
pub(crate) fn option_type(inner: syn::Type) -> syn::Type {
    path_type(with_arguments(
        global_path(&["std", "option", "Option"]),
        vec![inner],
    ))
}

/// `::std::boxed::Box<inner>`.
pub(crate) fn box_type(inner: syn::Type) -> syn::Type {
    path_type(with_arguments(
        global_path(&["std", "boxed", "Box"]),
        vec![inner],
    ))
}

/// `impl ::std::convert::Into<target>`: what constructors and setters take.
pub(crate) fn impl_into(target: syn::Type) -> syn::Type {
    let mut bounds = Punctuated::new();
    bounds.push(syn::TypeParamBound::Trait(syn::TraitBound {
        paren_token: None,
        modifier: syn::TraitBoundModifier::None,
        lifetimes: None,
        path: with_arguments(global_path(&["std", "convert", "Into"]), vec![target]),
    }));
    syn::Type::ImplTrait(syn::TypeImplTrait {
        impl_token: Default::default(),
        bounds,
    })
}

/// Generated code's types as syn nodes, spelled as [`super::types::Tokens`] spells them.
pub(crate) struct SynTypes {
    /// The lifetime of references, if any: `'a`.
    lifetime: Option<&'static str>,
}

impl SynTypes {
    /// Owned types, and references without a lifetime.
    pub(crate) const PLAIN: SynTypes = SynTypes { lifetime: None };
    /// References that live for a builder's `'a`.
    pub(crate) const BORROWING: SynTypes = SynTypes {
        lifetime: Some("'a"),
    };
}

impl TypeSyntax for SynTypes {
    type Out = syn::Type;

    fn named(&self, name: &str) -> syn::Type {
        path_type(path(&["crate", "models", name]))
    }

    fn leaf(&self, leaf: Leaf) -> syn::Type {
        let segments: &[&str] = match leaf {
            Leaf::String => &["std", "string", "String"],
            Leaf::Str => return path_type(path(&["str"])),
            Leaf::I32 => return path_type(path(&["i32"])),
            Leaf::I64 => return path_type(path(&["i64"])),
            Leaf::F32 => return path_type(path(&["f32"])),
            Leaf::F64 => return path_type(path(&["f64"])),
            Leaf::Bool => return path_type(path(&["bool"])),
            Leaf::Any => &["serde_json", "Value"],
            Leaf::Date => &["chrono", "NaiveDate"],
            Leaf::DateTime => {
                return path_type(with_arguments(
                    global_path(&["chrono", "DateTime"]),
                    vec![path_type(global_path(&["chrono", "FixedOffset"]))],
                ))
            }
            Leaf::Bytes => &["isc_runtime", "Bytes"],
        };
        path_type(global_path(segments))
    }

    fn list(&self, item: syn::Type) -> syn::Type {
        path_type(with_arguments(
            global_path(&["std", "vec", "Vec"]),
            vec![item],
        ))
    }

    fn map(&self, value: syn::Type) -> syn::Type {
        path_type(with_arguments(
            global_path(&["std", "collections", "BTreeMap"]),
            vec![self.leaf(Leaf::String), value],
        ))
    }

    fn slice(&self, item: syn::Type) -> syn::Type {
        self.reference(syn::Type::Slice(syn::TypeSlice {
            bracket_token: Default::default(),
            elem: Box::new(item),
        }))
    }

    fn reference(&self, inner: syn::Type) -> syn::Type {
        syn::Type::Reference(syn::TypeReference {
            and_token: Default::default(),
            lifetime: self
                .lifetime
                .map(|lifetime| syn::Lifetime::new(lifetime, Span::call_site())),
            mutability: None,
            elem: Box::new(inner),
        })
    }
}

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
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Str(syn::LitStr::new(text, Span::call_site())),
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

/// `&self`.
pub(crate) fn ref_self() -> syn::FnArg {
    syn::FnArg::Receiver(syn::Receiver {
        attrs: Vec::new(),
        reference: Some((Default::default(), None)),
        mutability: None,
        self_token: Default::default(),
        colon_token: None,
        ty: Box::new(syn::Type::Reference(syn::TypeReference {
            and_token: Default::default(),
            lifetime: None,
            mutability: None,
            elem: Box::new(path_type(path(&["Self"]))),
        })),
    })
}

/// `Name<'a>`.
pub(crate) fn borrowing_type(name: &str) -> syn::Type {
    let mut path = path(&[name]);
    if let Some(last) = path.segments.last_mut() {
        last.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args: std::iter::once(syn::GenericArgument::Lifetime(syn::Lifetime::new(
                "'a",
                Span::call_site(),
            )))
            .collect(),
            gt_token: Default::default(),
        });
    }
    path_type(path)
}

/// Replaces each `placeholder` (a one-word type) in `ty` and its type arguments by
/// `replacement`: how a template's signature gets an operation's types.
pub(crate) fn substitute(ty: &mut syn::Type, placeholder: &str, replacement: &syn::Type) {
    let syn::Type::Path(type_path) = ty else {
        return;
    };
    if type_path.path.is_ident(placeholder) {
        *ty = replacement.clone();
        return;
    }
    for segment in &mut type_path.path.segments {
        if let syn::PathArguments::AngleBracketed(arguments) = &mut segment.arguments {
            for argument in &mut arguments.args {
                if let syn::GenericArgument::Type(inner) = argument {
                    substitute(inner, placeholder, replacement);
                }
            }
        }
    }
}

/// The return type of a template impl's method `name`, for [`substitute`].
pub(crate) fn return_type<'a>(
    item: &'a mut syn::ItemImpl,
    name: &str,
) -> Option<&'a mut syn::Type> {
    item.items.iter_mut().find_map(|member| match member {
        syn::ImplItem::Fn(method) if method.sig.ident == name => match &mut method.sig.output {
            syn::ReturnType::Type(_, ty) => Some(&mut **ty),
            syn::ReturnType::Default => None,
        },
        _ => None,
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

/// `#[name]`: `#[deprecated]`, `#[non_exhaustive]`.
pub(crate) fn word_attr(name: &str) -> syn::Attribute {
    outer_attr(syn::Meta::Path(path(&[name])))
}

/// `#[name(tokens)]`: `#[allow(deprecated)]`, `#[derive(Debug, Clone)]`.
pub(crate) fn list_attr(name: &str, tokens: proc_macro2::TokenStream) -> syn::Attribute {
    outer_attr(syn::Meta::List(syn::MetaList {
        path: path(&[name]),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
}

/// `#[doc = literal]`: a doc comment (see [`super::docs`] for the literal).
pub(crate) fn doc_attr(literal: proc_macro2::Literal, style: syn::AttrStyle) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style,
        bracket_token: Default::default(),
        meta: syn::Meta::NameValue(syn::MetaNameValue {
            path: path(&["doc"]),
            eq_token: Default::default(),
            value: syn::Expr::Lit(syn::ExprLit {
                attrs: Vec::new(),
                lit: syn::Lit::new(literal),
            }),
        }),
    }
}

fn outer_attr(meta: syn::Meta) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta,
    }
}

/// `pub`.
pub(crate) fn public() -> syn::Visibility {
    syn::Visibility::Public(Default::default())
}

/// `name: ty`, a function argument.
pub(crate) fn argument(name: &str, ty: syn::Type) -> syn::FnArg {
    syn::FnArg::Typed(syn::PatType {
        attrs: Vec::new(),
        pat: Box::new(syn::Pat::Ident(syn::PatIdent {
            attrs: Vec::new(),
            by_ref: None,
            mutability: None,
            ident: ident(name),
            subpat: None,
        })),
        colon_token: Default::default(),
        ty: Box::new(ty),
    })
}

/// `mut self`.
pub(crate) fn mut_self() -> syn::FnArg {
    syn::FnArg::Receiver(syn::Receiver {
        attrs: Vec::new(),
        reference: None,
        mutability: Some(Default::default()),
        self_token: Default::default(),
        colon_token: None,
        ty: Box::new(path_type(path(&["Self"]))),
    })
}

/// `pub fn name(inputs…) -> output { statements }`, with the given attributes.
pub(crate) fn public_fn(
    attrs: Vec<syn::Attribute>,
    name: &str,
    inputs: Vec<syn::FnArg>,
    output: syn::Type,
    statements: Vec<syn::Stmt>,
) -> syn::ImplItem {
    syn::ImplItem::Fn(syn::ImplItemFn {
        attrs,
        vis: public(),
        defaultness: None,
        sig: syn::Signature {
            constness: None,
            asyncness: None,
            unsafety: None,
            abi: None,
            fn_token: Default::default(),
            ident: ident(name),
            generics: Default::default(),
            paren_token: Default::default(),
            inputs: inputs.into_iter().collect(),
            variadic: None,
            output: syn::ReturnType::Type(Default::default(), Box::new(output)),
        },
        block: block(statements),
    })
}

/// `impl self_ty { items }`, with the given attributes.
pub(crate) fn inherent_impl(
    attrs: Vec<syn::Attribute>,
    self_ty: syn::Type,
    items: Vec<syn::ImplItem>,
) -> syn::Item {
    syn::Item::Impl(syn::ItemImpl {
        attrs,
        defaultness: None,
        unsafety: None,
        impl_token: Default::default(),
        generics: Default::default(),
        trait_: None,
        self_ty: Box::new(self_ty),
        brace_token: Default::default(),
        items,
    })
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

/// A field of an enum variant or a private struct field: no `pub`.
pub(crate) fn private_field(
    attrs: Vec<syn::Attribute>,
    name: Option<&str>,
    ty: syn::Type,
) -> syn::Field {
    syn::Field {
        attrs,
        vis: syn::Visibility::Inherited,
        mutability: syn::FieldMutability::None,
        ident: name.map(ident),
        colon_token: name.map(|_| Default::default()),
        ty,
    }
}

/// The block of a template impl's method `name`, whose body the caller completes.
///
/// Templates are constants of this crate, and the tests build each one, so a missing method
/// is a bug here, never something a spec can cause.
pub(crate) fn method_block<'a>(item: &'a mut syn::ItemImpl, name: &str) -> &'a mut syn::Block {
    let method = item.items.iter_mut().find_map(|member| match member {
        syn::ImplItem::Fn(method) if method.sig.ident == name => Some(&mut method.block),
        _ => None,
    });
    match method {
        Some(block) => block,
        None => unreachable!("the template has no method `{name}`"),
    }
}

/// A fixed piece of syntax, parsed once per thread and cloned for each use.
///
/// Declared with a `quote!` body that names no input, so its parse cannot fail on any spec; the
/// tests build every template.
macro_rules! template {
    ($vis:vis fn $name:ident() -> $ty:ty { $($body:tt)* }) => {
        $vis fn $name() -> $ty {
            ::std::thread_local! {
                static TEMPLATE: $ty = ::syn::parse_quote! { $($body)* };
            }
            TEMPLATE.with(::std::clone::Clone::clone)
        }
    };
}
pub(crate) use template;

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::SynTypes;
    use crate::emit::example::sample;
    use crate::emit::types::{borrowed, owned, parameter_type, rust_type};
    use crate::ir::{IntegerFormat, NumberFormat, TypeRef};

    #[test]
    fn syn_types_are_spelled_like_quoted_types() {
        let api = sample::api();
        let mut uses = vec![
            TypeRef::String,
            TypeRef::Integer(IntegerFormat::I32),
            TypeRef::Integer(IntegerFormat::I64),
            TypeRef::Number(NumberFormat::F32),
            TypeRef::Number(NumberFormat::F64),
            TypeRef::Boolean,
            TypeRef::Any,
            TypeRef::Date,
            TypeRef::DateTime,
            TypeRef::Bytes,
            TypeRef::Named(sample::ACCOUNT),
        ];
        let nested: Vec<TypeRef> = uses
            .iter()
            .flat_map(|ty| {
                [
                    TypeRef::List(Box::new(ty.clone())),
                    TypeRef::Map(Box::new(TypeRef::List(Box::new(ty.clone())))),
                ]
            })
            .collect();
        uses.extend(nested);
        for ty in &uses {
            assert_eq!(
                owned(&SynTypes::PLAIN, &api, ty)
                    .to_token_stream()
                    .to_string(),
                rust_type(&api, ty).to_string(),
                "{ty:?}"
            );
            assert_eq!(
                borrowed(&SynTypes::PLAIN, &api, ty)
                    .to_token_stream()
                    .to_string(),
                parameter_type(&api, ty, None).to_string(),
                "{ty:?}"
            );
            let lifetime: syn::Lifetime = syn::parse_quote!('a);
            assert_eq!(
                borrowed(&SynTypes::BORROWING, &api, ty)
                    .to_token_stream()
                    .to_string(),
                parameter_type(&api, ty, Some(&lifetime)).to_string(),
                "{ty:?}"
            );
        }
    }
}
