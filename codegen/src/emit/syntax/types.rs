//! Paths and types as syn trees, and [`SynTypes`], the spelling of generated code's types.

use proc_macro2::Span;
use syn::punctuated::Punctuated;

use super::ident;
use crate::emit::types::{Leaf, TypeSyntax};

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

/// `Self`.
pub(crate) fn self_type() -> syn::Type {
    path_type(path(&["Self"]))
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
            Leaf::Integer(format) => return path_type(path(&[format.rust_name()])),
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

    fn option(&self, inner: syn::Type) -> syn::Type {
        option_type(inner)
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
