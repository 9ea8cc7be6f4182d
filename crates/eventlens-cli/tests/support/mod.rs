//! Helpers the CLI test files share: running the binary and writing input files.

#![allow(dead_code)] // each test file uses the helpers it needs

use std::io::Write;
use std::process::{Child, Command, Stdio};

/// Starts `eventlens args` (no colours) with all three standard streams piped.
pub fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_eventlens"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs eventlens")
}

/// Runs `eventlens args` with `stdin` (no colours); returns the exit code, stdout and stderr.
pub fn run_with_input(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = spawn(args);
    // Feed stdin from a thread: the child writes while we write, and pipes are small.
    let mut input = child.stdin.take().expect("stdin is piped");
    let bytes = stdin.to_vec();
    let writer = std::thread::spawn(move || input.write_all(&bytes));
    let out = child.wait_with_output().expect("eventlens finishes");
    // The child may stop reading early (a refused input): a broken pipe is not a test failure.
    let _ = writer.join().expect("the writer thread does not panic");
    (
        out.status.code().expect("eventlens exits normally"),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// Runs `eventlens args` with empty stdin.
pub fn run(args: &[&str]) -> (i32, String, String) {
    run_with_input(args, b"")
}

/// Writes `bytes` to a file in this test process's scratch folder; returns its path.
pub fn file(name: &str, bytes: impl AsRef<[u8]>) -> String {
    let dir = std::env::temp_dir().join(format!("eventlens-cli-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("scratch file");
    path.to_string_lossy().into_owned()
}

/// The path of fixture `name` in `dir`, relative to this crate's folder.
pub fn fixture(dir: &str, name: &str) -> String {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(dir)
        .join(name)
        .to_string_lossy()
        .into_owned()
}
