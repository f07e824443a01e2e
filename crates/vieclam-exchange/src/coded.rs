//! `coded!`: an enum with a stable code (API, database, exports) and its
//! names in Vietnamese and English.

macro_rules! coded {
    (
        $(#[$meta:meta])*
        $name:ident, $field_vi:literal, $field_en:literal {
            $( $(#[$variant_meta:meta])* $variant:ident = $code:literal, $vi:literal, $en:literal );+ $(;)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $code)] #[cfg_attr(feature = "openapi", schema(rename = $code))] $variant ),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code used in the API, the database and exports.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The name shown to people, in Vietnamese.
            pub fn name_vi(self) -> &'static str {
                match self { $($name::$variant => $vi),+ }
            }

            /// The name in English.
            pub fn name_en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }

            /// Parses a stable code (exactly, as the API and the database
            /// write it).
            pub fn parse(text: &str) -> Result<$name, $crate::ExchangeError> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|value| value.as_str() == text.trim())
                    .ok_or_else(|| $crate::ExchangeError::UnknownCode {
                        field_vi: $field_vi,
                        field_en: $field_en,
                        value: text.chars().take(60).collect(),
                        allowed: $name::ALL.iter().map(|value| value.as_str()).collect::<Vec<_>>().join(", "),
                    })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use coded;
