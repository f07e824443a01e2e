//! `coded_enum!`: an enum with a stable code, a Vietnamese name, and a
//! parser that accepts the code, the Vietnamese name and common aliases,
//! with or without diacritics.

/// Declares a coded enum. Aliases are written folded (lower case, no
/// diacritics, single spaces), as `vieclam_text::folded_words` gives them.
macro_rules! coded_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $field_vi:literal, $field_en:literal {
            $( $(#[$variant_meta:meta])* $variant:ident = $code:literal, $vi:literal $(, [$($alias:literal),* $(,)?])? );+ $(;)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $code)] $variant ),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code used in the API, the database and exports.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The value whose stable code is exactly `code` (as the store
            /// writes it): no folding, no aliases.
            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// The name shown to people, in Vietnamese.
            pub fn name_vi(self) -> &'static str {
                match self { $($name::$variant => $vi),+ }
            }

            /// Parses a code, a Vietnamese name or an alias, ignoring case
            /// and diacritics.
            pub fn parse(text: &str) -> Result<$name, $crate::registry::InvalidValue> {
                static LOOKUP: std::sync::OnceLock<std::collections::HashMap<String, $name>> =
                    std::sync::OnceLock::new();
                let lookup = LOOKUP.get_or_init(|| {
                    let mut lookup = std::collections::HashMap::new();
                    $(
                        lookup.insert(vieclam_text::folded_words($code), $name::$variant);
                        lookup.insert(vieclam_text::folded_words($vi), $name::$variant);
                        $($( lookup.insert(($alias).to_owned(), $name::$variant); )*)?
                    )+
                    lookup
                });
                lookup
                    .get(&vieclam_text::folded_words(text))
                    .copied()
                    .ok_or_else(|| {
                        $crate::registry::InvalidValue::new(
                            format!(
                                "{} không hợp lệ: {:?}; dùng một trong: {}",
                                $field_vi,
                                text.trim(),
                                [$($vi),+].join(", ")
                            ),
                            format!(
                                "Unknown {} {:?}: use one of {}",
                                $field_en,
                                text.trim(),
                                [$($code),+].join(", ")
                            ),
                        )
                    })
            }
        }

        // Written by hand, not derived: the derive does not see a
        // `serde(rename)` whose value comes from a macro argument, and
        // would document the variants' Rust names instead of their codes.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code),+]))
                    .description(Some(concat!("A ", $field_en, " (", $field_vi, "), by its code")))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}

        impl std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use coded_enum;
