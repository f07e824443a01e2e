//! A session's report and the held-session figures.
