//! A quarter's sessions generated from a plan's quarterly session targets.
