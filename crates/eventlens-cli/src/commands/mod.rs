//! One module per subcommand.

pub mod bench;
pub mod bus;
pub mod check;
pub mod match_cmd;
pub mod replay;
pub mod test;
pub mod test_suite;
pub mod validate;
