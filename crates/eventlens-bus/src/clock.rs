//! Time stamps as EventBridge writes them, and event ids drawn from a seeded generator so that a
//! run can be repeated exactly.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

/// An instant, shown as EventBridge shows event times: UTC to the second (`2024-04-25T14:46:51Z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(OffsetDateTime);

/// A time stamp that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError(pub String);

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TimestampError {}

impl Timestamp {
    /// Reads an RFC 3339 time stamp (`2024-04-25T14:46:51Z`, `2024-04-25T16:46:51.5+02:00`).
    pub fn parse(text: &str) -> Result<Timestamp, TimestampError> {
        OffsetDateTime::parse(text.trim(), &Rfc3339)
            .map(Timestamp)
            .map_err(|e| {
                TimestampError(format!(
                    "\"{text}\" is not an RFC 3339 time stamp such as 2024-04-25T14:46:51Z ({e})"
                ))
            })
    }

    /// The instant `seconds` (fractions allowed) after 1970-01-01T00:00:00Z, as the AWS JSON
    /// protocol sends `Time`.
    pub fn from_epoch_seconds(seconds: f64) -> Result<Timestamp, TimestampError> {
        let out_of_range =
            || TimestampError(format!("{seconds} seconds since 1970 is out of range"));
        if !seconds.is_finite() {
            return Err(out_of_range());
        }
        let nanos = (seconds * 1e9).round();
        if nanos.abs() > i128::MAX as f64 {
            return Err(out_of_range());
        }
        OffsetDateTime::from_unix_timestamp_nanos(nanos as i128)
            .map(Timestamp)
            .map_err(|_| out_of_range())
    }

    /// Milliseconds since 1970-01-01T00:00:00Z.
    pub fn from_epoch_millis(millis: i64) -> Result<Timestamp, TimestampError> {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
            .map(Timestamp)
            .map_err(|_| TimestampError(format!("{millis} ms since 1970 is out of range")))
    }

    /// Seconds since 1970-01-01T00:00:00Z, whole.
    pub fn epoch_seconds(&self) -> i64 {
        self.0.unix_timestamp()
    }

    /// The time as EventBridge writes it in events: UTC, whole seconds, `Z`.
    pub fn to_event_time(&self) -> String {
        let utc = self.0.to_offset(UtcOffset::UTC);
        utc.format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
        ))
        .expect("every UTC date in range formats")
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_event_time())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_event_time())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Timestamp::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Event ids: version 4 UUIDs from a generator seeded by the caller, so the same seed gives the
/// same ids in the same order.
#[derive(Debug, Clone)]
pub struct IdSource {
    rng: fastrand::Rng,
}

impl IdSource {
    /// A source whose ids depend only on `seed`.
    pub fn seeded(seed: u64) -> Self {
        IdSource {
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    /// The next id (`6425eb6a-9627-4e1a-8d2d-8883dc74a0fd`).
    pub fn next_id(&mut self) -> String {
        let bytes = self.rng.u128(..).to_le_bytes();
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .hyphenated()
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_times_are_utc_seconds() {
        let t = Timestamp::parse("2024-04-25T16:46:51.789+02:00").unwrap();
        assert_eq!(t.to_event_time(), "2024-04-25T14:46:51Z");
        assert_eq!(
            Timestamp::from_epoch_seconds(1_714_056_411.5)
                .unwrap()
                .to_event_time(),
            "2024-04-25T14:46:51Z"
        );
        assert!(Timestamp::parse("yesterday").is_err());
        assert!(Timestamp::from_epoch_seconds(f64::NAN).is_err());
        assert!(Timestamp::from_epoch_seconds(1e300).is_err());
    }

    #[test]
    fn ids_repeat_with_the_seed() {
        let a: Vec<String> = {
            let mut s = IdSource::seeded(7);
            (0..3).map(|_| s.next_id()).collect()
        };
        let mut s = IdSource::seeded(7);
        assert_eq!(a, (0..3).map(|_| s.next_id()).collect::<Vec<_>>());
        assert_ne!(a[0], a[1]);
        assert_eq!(a[0].len(), 36);
        assert_eq!(&a[0][14..15], "4");
        assert_ne!(IdSource::seeded(8).next_id(), a[0]);
    }
}
