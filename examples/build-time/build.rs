//! Generates the beta spec's Password Management API into `$OUT_DIR/password_management.rs`,
//! which `src/lib.rs` includes. Cargo runs this again only when a spec file it read changes.

fn main() {
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    codegen::Generator::new("../../spec/sailpoint-api.beta.yaml")
        .tags(["Password Management"])
        .file_name("password_management")
        .strict(true)
        .write_to(out_dir)
        // The error names the spec file and JSON pointer at fault.
        .unwrap_or_else(|error| panic!("cannot generate the Password Management API: {error}"));
}
