//! Waiting for a pause: the engine runs once typing stops for a moment, and the autosave once
//! changes stop. Both views and the page share this one timer type.

use gloo::timers::callback::Timeout;

/// Milliseconds of quiet typing before the engine runs on an editor's text.
pub const TYPING_MS: u32 = 150;

/// A callback that runs once no new call came for a while: each `schedule` replaces the one
/// before.
#[derive(Default)]
pub struct Debounce {
    timer: Option<Timeout>,
}

impl Debounce {
    /// Runs `then` after `ms` milliseconds, unless scheduled again or cancelled before.
    pub fn schedule(&mut self, ms: u32, then: impl FnOnce() + 'static) {
        self.timer = Some(Timeout::new(ms, then));
    }

    /// Runs `then` after `ms` milliseconds unless something is scheduled already.
    pub fn schedule_once(&mut self, ms: u32, then: impl FnOnce() + 'static) {
        if self.timer.is_none() {
            self.schedule(ms, then);
        }
    }

    /// Forgets what was scheduled (call it when the scheduled work is done, or done early).
    pub fn cancel(&mut self) {
        self.timer = None;
    }

    /// Whether something is scheduled.
    pub fn pending(&self) -> bool {
        self.timer.is_some()
    }
}
