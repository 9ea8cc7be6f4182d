//! Where a refused rules file is wrong: the engine's locator ([`eventlens_bus::locate`]), which
//! finds the bytes of the rules text that a `ConfigError` names.

pub use eventlens_bus::locate::locate;
