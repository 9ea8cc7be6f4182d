//! Asks the CPU to bring an event's text into the cache before the scanner reads it.

/// How much of a text is asked for: enough for most events; past it, the CPU's own prefetcher
/// follows the scan as it streams on.
#[cfg(target_arch = "x86_64")]
const AHEAD: usize = 4096;

/// Asks the CPU to bring the cache lines of `text` (up to `AHEAD` bytes) in at once, rather
/// than one after the other as the scan reaches them: events often come from memory that is
/// not in the cache. Only a hint: it changes no result, and costs little when the text is
/// cached already. It does nothing except on x86-64.
#[inline(always)]
pub(crate) fn prefetch(text: &[u8]) {
    #[cfg(target_arch = "x86_64")]
    {
        let skew = text.as_ptr() as usize % 64;
        let first_line = text.as_ptr().wrapping_sub(skew);
        let lines = if text.is_empty() {
            0
        } else {
            (skew + text.len().min(AHEAD)).div_ceil(64)
        };
        for line in 0..lines {
            // SAFETY: a prefetch reads nothing and never faults, whatever the address (here
            // the start of a cache line that holds bytes of `text`).
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                    first_line.wrapping_add(line * 64).cast(),
                )
            };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = text;
}
