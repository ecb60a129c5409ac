//! Finding the files a run reads.

pub(crate) mod walk;
