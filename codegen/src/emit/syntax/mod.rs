//! syn nodes built directly, for the shapes a large crate repeats thousands of times: a
//! model's fields, setters and serde impls, a string enum, an operation's builder, request,
//! response match and error enum.
//!
//! Most of the generator writes `quote!` templates, which syn then parses. Parsing is where
//! the generator spent a third of its time on the whole beta spec, and a setter built here
//! costs about a ninth of one quoted and parsed. Where a shape is fixed but for a name or two
//! (a `Serialize` impl's signature), its template is parsed once per thread ([`template`])
//! and cloned. prettyplease prints both the same way, so the output does not change.

mod expr;
mod item;
mod types;

pub(crate) use super::types::ident;
pub(crate) use expr::*;
pub(crate) use item::*;
pub(crate) use types::*;

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
