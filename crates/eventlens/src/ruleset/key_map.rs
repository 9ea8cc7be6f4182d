//! Maps from byte strings (keys of objects, strings a matcher accepts): a few keys are kept in
//! a list searched in order, without hashing and compared without `memcmp`, which beats a hash
//! map at that size; more go to a hash map.

use crate::short_bytes::equal;
use rustc_hash::FxHashMap;

/// How many keys the list holds before the map takes over.
const FEW: usize = 8;

/// A map from byte strings to `V`.
#[derive(Debug)]
pub(crate) struct KeyMap<V> {
    few: Vec<(Box<[u8]>, V)>,
    many: FxHashMap<Box<[u8]>, V>,
}

impl<V> Default for KeyMap<V> {
    fn default() -> Self {
        KeyMap {
            few: Vec::new(),
            many: FxHashMap::default(),
        }
    }
}

impl<V> KeyMap<V> {
    /// The value of `key`, added as `V::default()` if missing.
    pub fn entry(&mut self, key: &[u8]) -> &mut V
    where
        V: Default,
    {
        if self.many.is_empty() {
            match self.few.iter().position(|(k, _)| equal(k, key)) {
                Some(at) => return &mut self.few[at].1,
                None if self.few.len() < FEW => {
                    self.few.push((key.into(), V::default()));
                    return &mut self.few.last_mut().expect("just pushed").1;
                }
                None => self.many.extend(self.few.drain(..)),
            }
        }
        self.many.entry(key.into()).or_default()
    }

    /// Whether the map holds no key.
    pub fn is_empty(&self) -> bool {
        self.few.is_empty() && self.many.is_empty()
    }

    /// The value of `key`.
    #[inline(always)]
    pub fn get(&self, key: &[u8]) -> Option<&V> {
        if self.many.is_empty() {
            self.few.iter().find(|(k, _)| equal(k, key)).map(|(_, v)| v)
        } else {
            self.get_many(key)
        }
    }

    /// [`get`](Self::get) in the hash map, out of line to keep `get` small.
    #[inline(never)]
    fn get_many(&self, key: &[u8]) -> Option<&V> {
        self.many.get(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_keys_then_many() {
        for count in [0, 1, FEW, FEW + 1, 3 * FEW] {
            let mut map = KeyMap::<Vec<usize>>::default();
            for i in 0..count {
                map.entry(format!("k{i}").as_bytes()).push(i);
                // Twice: the second joins the first.
                map.entry(format!("k{i}").as_bytes()).push(i);
            }
            assert_eq!(map.is_empty(), count == 0);
            for i in 0..count {
                assert_eq!(map.get(format!("k{i}").as_bytes()), Some(&vec![i, i]));
            }
            assert_eq!(map.get(b"k"), None);
            assert_eq!(map.get(format!("k{count}").as_bytes()), None);
        }
    }
}
