//! Writing generated files is the library's (`codegen::files`, the only code that writes
//! them); the xtask's commands use it from here.

pub(crate) use codegen::files::ensure_files;
