//! Ticket codes: their shape, collision-free issuing, typed-input normalisation
//! and guessing odds.
//!
//! A code is `length` symbols from an event's alphabet (default `A`–`Z`, length 3,
//! so 26³ = 17,576 codes). Each code is a number in `0..n` (`n = |alphabet|^length`)
//! written in base `|alphabet|`, most significant symbol first.
//!
//! ```
//! use ticketcore::CodeSpec;
//! let spec = CodeSpec::default();
//! let codes = spec.issue(&["KQZ"], 5).unwrap();
//! assert_eq!(codes.len(), 5);
//! assert!(!codes.contains("KQZ"));
//! assert_eq!(spec.normalise(" k-q z ").unwrap(), "KQZ");
//! ```

use std::borrow::Cow;
use std::fmt;

use hashbrown::{DefaultHashBuilder, HashSet};
use rand::RngExt;
use serde::{Serialize, Serializer};
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};
use crate::message::Message;

/// The default alphabet: the 26 letters `A`–`Z`.
pub const DEFAULT_ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// The default code length (3 letters, 17,576 codes with the default alphabet).
pub const DEFAULT_LENGTH: u32 = 3;
/// Longest input [`CodeSpec::normalise`] looks at, in bytes. Longer input is refused
/// at once, so a pasted 10 kB string costs nothing.
pub const MAX_TYPED_BYTES: usize = 256;

/// Why a code specification was refused.
///
/// The `Display` text is [`CodeSpecError::message`] in English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CodeSpecError {
    /// Fewer than two distinct symbols.
    TooFewSymbols,
    /// A symbol appears twice (case-insensitively: `a` and `A` count as one).
    DuplicateSymbol(char),
    /// A symbol is a control character, whitespace, a dash or invisible; such
    /// characters are dropped from typed input and so cannot be part of a code.
    UnusableSymbol(char),
    /// A symbol that typing produces differently: a combining mark, or a
    /// character whose canonical form (Unicode normalisation form C, UAX #15)
    /// is another character, such as `ά` U+1F71 (typed as U+03AC) or the Kelvin
    /// sign (typed as `K`). A code printed with it would be read as another
    /// code, or not at all.
    NotTypable(char),
    /// Length zero.
    ZeroLength,
    /// `|alphabet|^length` does not fit in 64 bits.
    SpaceTooLarge {
        /// Alphabet size.
        symbols: usize,
        /// Requested length.
        length: u32,
    },
}

impl CodeSpecError {
    /// What is wrong, as a sentence for people (see [`crate::message`]).
    /// A character that may be invisible is shown as Rust writes a `char`
    /// (`'\t'`), so it can be seen.
    pub fn message(&self) -> Message {
        match self {
            CodeSpecError::TooFewSymbols => crate::msg!("code-alphabet-too-few"),
            CodeSpecError::DuplicateSymbol(c) => {
                crate::msg!("code-alphabet-duplicate", symbol = *c)
            }
            CodeSpecError::UnusableSymbol(c) => {
                crate::msg!("code-alphabet-unusable", symbol = format!("{c:?}"))
            }
            CodeSpecError::NotTypable(c) => {
                crate::msg!("code-alphabet-not-typable", symbol = format!("{c:?}"))
            }
            CodeSpecError::ZeroLength => crate::msg!("code-length-zero"),
            CodeSpecError::SpaceTooLarge { symbols, length } => {
                crate::msg!("code-space-too-large", symbols = *symbols, length = *length)
            }
        }
    }
}

impl fmt::Display for CodeSpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.message(), f)
    }
}

/// Why typed text is not a code of an event.
///
/// The `Display` text is [`CodeError::message`] in English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CodeError {
    /// Nothing but whitespace, dashes or invisible characters.
    Empty,
    /// More than [`MAX_TYPED_BYTES`] bytes.
    TooLong,
    /// A character that is not in the event's alphabet (after case folding).
    InvalidChar(char),
    /// The wrong number of symbols.
    WrongLength {
        /// The event's code length.
        expected: u32,
        /// How many symbols were typed.
        got: usize,
    },
}

impl CodeError {
    /// What is wrong, as a sentence for people (see [`crate::message`]).
    pub fn message(&self) -> Message {
        match self {
            CodeError::Empty => crate::msg!("code-empty"),
            CodeError::TooLong => crate::msg!("code-too-long"),
            CodeError::InvalidChar(c) => crate::msg!("code-invalid-char", symbol = *c),
            CodeError::WrongLength { expected, got } => {
                crate::msg!("code-wrong-length", expected = *expected, got = *got)
            }
        }
    }
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.message(), f)
    }
}

/// How the codes of an event look: an alphabet and a length.
///
/// Invariants (checked by [`CodeSpec::new`]): at least 2 symbols, pairwise distinct
/// even when case is ignored, none of them whitespace, a dash, a control or an
/// invisible character, a combining mark or a character that normalisation
/// form C changes; length ≥ 1; `|alphabet|^length ≤ u64::MAX`. Events loaded
/// from a database hold their alphabet as stored, which an earlier build may
/// have checked less strictly (see `CodeSpec::stored`).
#[derive(Clone)]
pub struct CodeSpec {
    alphabet: Vec<char>,
    length: u32,
    size: u64,
    /// Digit value of each ASCII symbol (`NO_DIGIT` for non-symbols), for fast decoding.
    ascii: [u8; 128],
    /// UTF-8 bytes of every symbol, `width` bytes each, when all symbols have the
    /// same width (always for ASCII alphabets); empty otherwise.
    utf8: Vec<u8>,
    width: usize,
    /// `⌊(2^64 − 1) / base⌋ + 1` when every code number fits 32 bits, else 0:
    /// divides by the base with multiplications (see `encode_fixed`).
    reciprocal: u64,
    /// Both symbols of every two-digit value (`base²` pairs), for ASCII
    /// alphabets of at most 64 symbols when `reciprocal` is set; else empty.
    pairs: Vec<[u8; 2]>,
    /// The reciprocal of `base²`, set with `pairs`.
    pair_reciprocal: u64,
}

const NO_DIGIT: u8 = u8::MAX;

impl PartialEq for CodeSpec {
    fn eq(&self, other: &Self) -> bool {
        self.alphabet == other.alphabet && self.length == other.length
    }
}

impl Eq for CodeSpec {}

impl std::hash::Hash for CodeSpec {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.alphabet.hash(state);
        self.length.hash(state);
    }
}

/// The symbols' UTF-8 bytes laid end to end and their common width, or
/// `(vec![], 0)` when widths differ.
fn utf8_table(alphabet: &[char]) -> (Vec<u8>, usize) {
    let width = alphabet.first().map_or(0, |c| c.len_utf8());
    if alphabet.iter().any(|c| c.len_utf8() != width) {
        return (Vec::new(), 0);
    }
    let mut bytes = vec![0u8; alphabet.len() * width];
    for (slot, c) in bytes.chunks_exact_mut(width).zip(alphabet) {
        c.encode_utf8(slot);
    }
    (bytes, width)
}

/// The reciprocal of `base` for `encode_fixed`, or 0 when `base^length > 2^32`.
fn reciprocal(base: u64, length: u32) -> u64 {
    match base.checked_pow(length) {
        Some(n) if n <= 1 << 32 => u64::MAX / base + 1,
        _ => 0,
    }
}

fn ascii_table(alphabet: &[char]) -> [u8; 128] {
    let mut table = [NO_DIGIT; 128];
    for (i, &c) in alphabet.iter().enumerate() {
        if c.is_ascii() && i < NO_DIGIT as usize {
            table[c as usize] = i as u8;
        }
    }
    table
}

impl Default for CodeSpec {
    /// `A`–`Z`, 3 symbols.
    fn default() -> Self {
        let alphabet: Vec<char> = DEFAULT_ALPHABET.chars().collect();
        CodeSpec::assemble(alphabet, DEFAULT_LENGTH, 26u64.pow(DEFAULT_LENGTH))
    }
}

impl fmt::Debug for CodeSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CodeSpec")
            .field("alphabet", &self.alphabet())
            .field("length", &self.length)
            .finish()
    }
}

impl Serialize for CodeSpec {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("CodeSpec", 2)?;
        st.serialize_field("alphabet", &self.alphabet())?;
        st.serialize_field("length", &self.length)?;
        st.end()
    }
}

/// Characters that typed input drops: whitespace, dashes, invisible format characters.
fn is_ignorable(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '_'
                | '\u{00AD}'
                | '\u{2010}'..='\u{2015}'
                | '\u{2212}'
                | '\u{FF0D}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2060}'..='\u{2064}'
                | '\u{FEFF}'
        )
}

/// Full-width ASCII forms (a Japanese or Chinese keyboard) to ASCII.
fn narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// `c` without case: the first character of the lower case of its upper case
/// (the upper case only where it is one character). Going through the upper
/// case first puts every form of a letter in one class, as Unicode's simple
/// case folding (`CaseFolding.txt`) does: `ϴ` (capital theta symbol), `Θ`, `θ`
/// and `ϑ` all fold to `θ`. Upper case alone kept `ϴ` and `Θ` apart, so an
/// alphabet could hold both and a code with `ϴ` typed in lower case (`θ`)
/// became the code with `Θ`. Taking the first character of the lower case
/// puts `İ` (whose lower case is `i` and a combining dot) with `I`, `i` and
/// `ı`: a Turkish keyboard types `İ` in lower case as `i`, so an alphabet may
/// not hold both `I` and `İ`.
fn fold(c: char) -> char {
    let mut upper = c.to_uppercase();
    let up = match (upper.next(), upper.next()) {
        (Some(one), None) => one,
        _ => c,
    };
    up.to_lowercase().next().unwrap_or(up)
}

/// Whether keyboards type `c` as itself: not a combining mark, and unchanged
/// by Unicode normalisation form C.
fn typable(c: char) -> bool {
    use unicode_normalization::char::is_combining_mark;
    !is_combining_mark(c) && std::iter::once(c).nfc().eq(std::iter::once(c))
}

impl CodeSpec {
    /// Checks and builds a specification.
    ///
    /// # Errors
    /// [`CodeSpecError`] naming the first problem found.
    ///
    /// ```
    /// use ticketcore::CodeSpec;
    /// assert_eq!(CodeSpec::new("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 4).unwrap().size(), 32u64.pow(4));
    /// assert!(CodeSpec::new("AA", 3).is_err());
    /// ```
    pub fn new(alphabet: &str, length: u32) -> Result<Self, CodeSpecError> {
        if let Some(c) = alphabet.chars().find(|&c| !typable(c)) {
            return Err(CodeSpecError::NotTypable(c));
        }
        CodeSpec::checked(alphabet, length, |a, b| fold(a) == fold(b))
    }

    /// A spec as stored with an event: checked as [`CodeSpec::new`] does,
    /// except that symbols only count as repeated when they are the same
    /// character, and characters that typing produces differently are kept.
    /// An alphabet accepted by an earlier build (which compared symbols by
    /// their upper case only, and so took both `ϴ` and `Θ`) still loads
    /// rather than hiding its event. A symbol typed exactly still finds
    /// itself; a character in another case that could stand for two of its
    /// symbols is refused rather than read as either (see `lookup`).
    pub(crate) fn stored(alphabet: &str, length: u32) -> Result<Self, CodeSpecError> {
        CodeSpec::checked(alphabet, length, |a, b| a == b)
    }

    fn checked(
        alphabet: &str,
        length: u32,
        same: impl Fn(char, char) -> bool,
    ) -> Result<Self, CodeSpecError> {
        let mut symbols: Vec<char> = Vec::new();
        for c in alphabet.chars() {
            if is_ignorable(c) || c.is_control() || narrow(c) != c {
                return Err(CodeSpecError::UnusableSymbol(c));
            }
            if symbols.iter().any(|&s| same(s, c)) {
                return Err(CodeSpecError::DuplicateSymbol(c));
            }
            symbols.push(c);
        }
        if symbols.len() < 2 {
            return Err(CodeSpecError::TooFewSymbols);
        }
        if length == 0 {
            return Err(CodeSpecError::ZeroLength);
        }
        let size =
            (symbols.len() as u64)
                .checked_pow(length)
                .ok_or(CodeSpecError::SpaceTooLarge {
                    symbols: symbols.len(),
                    length,
                })?;
        Ok(CodeSpec::assemble(symbols, length, size))
    }

    /// The spec of checked symbols, length and size, with its lookup tables.
    fn assemble(alphabet: Vec<char>, length: u32, size: u64) -> CodeSpec {
        let (utf8, width) = utf8_table(&alphabet);
        let base = alphabet.len() as u64;
        let reciprocal = reciprocal(base, length);
        // Two symbols per step when both tables stay small (base ≤ 64: at most
        // 8 KiB of pairs) and the fast division applies.
        let (pairs, pair_reciprocal) = if width == 1 && reciprocal != 0 && base <= 64 {
            let mut pairs = Vec::with_capacity((base * base) as usize);
            for hi in &utf8 {
                for lo in &utf8 {
                    pairs.push([*hi, *lo]);
                }
            }
            (pairs, u64::MAX / (base * base) + 1)
        } else {
            (Vec::new(), 0)
        };
        CodeSpec {
            ascii: ascii_table(&alphabet),
            reciprocal,
            pairs,
            pair_reciprocal,
            utf8,
            width,
            alphabet,
            length,
            size,
        }
    }

    /// The symbols, in order, as a string.
    pub fn alphabet(&self) -> String {
        self.alphabet.iter().collect()
    }

    /// Number of symbols in a code.
    pub fn length(&self) -> u32 {
        self.length
    }

    /// Number of distinct codes, `|alphabet|^length`.
    pub fn size(&self) -> u64 {
        self.size
    }

    fn base(&self) -> u64 {
        self.alphabet.len() as u64
    }

    fn position(&self, c: char) -> Option<usize> {
        if c.is_ascii() {
            match self.ascii[c as usize] {
                NO_DIGIT if self.alphabet.len() >= NO_DIGIT as usize => {
                    self.alphabet.iter().position(|&s| s == c)
                }
                NO_DIGIT => None,
                d => Some(d as usize),
            }
        } else {
            self.alphabet.iter().position(|&s| s == c)
        }
    }

    /// Writes code number `value` (must be `< size()`) as a string.
    fn encode(&self, mut value: u64, out: &mut String) {
        let base = self.base();
        let len = self.length as usize;
        let mut buf = ['\0'; 64];
        let digits = &mut buf[..len.min(64)];
        for d in digits.iter_mut().rev() {
            *d = self.alphabet[(value % base) as usize];
            value /= base;
        }
        out.extend(digits.iter());
    }

    /// Writes code number `value` (must be `< size()`) into `out`, which is
    /// exactly `length × width` bytes, for an alphabet of uniform width.
    #[inline]
    fn encode_fixed(&self, value: u64, out: &mut [u8]) {
        let base = self.base();
        let w = self.width;
        if w == 1 {
            if self.reciprocal != 0 {
                // Every code number fits 32 bits: divide by the base with two
                // multiplications by a precomputed reciprocal (Lemire, Kaser,
                // Kurz, "Faster remainder by direct computation", 2019; exact
                // for 32-bit values and divisors) instead of a 20–40 cycle
                // division per symbol.
                let mut v = value;
                let mut out = out;
                if !self.pairs.is_empty() {
                    // Two symbols per step: half the multiplications.
                    let (m, d) = (self.pair_reciprocal, u128::from(base * base));
                    let mut pairs = out.rchunks_exact_mut(2);
                    for pair in &mut pairs {
                        let rem = ((u128::from(m.wrapping_mul(v)) * d) >> 64) as usize;
                        if let Some(symbols) = self.pairs.get(rem) {
                            pair.copy_from_slice(symbols);
                        }
                        v = ((u128::from(m) * u128::from(v)) >> 64) as u64;
                    }
                    out = pairs.into_remainder();
                }
                let (m, d) = (self.reciprocal, u128::from(base));
                for byte in out.iter_mut().rev() {
                    let rem = ((u128::from(m.wrapping_mul(v)) * d) >> 64) as usize;
                    *byte = self.utf8[rem];
                    v = ((u128::from(m) * u128::from(v)) >> 64) as u64;
                }
            } else {
                let mut v = value;
                for byte in out.iter_mut().rev() {
                    *byte = self.utf8[(v % base) as usize];
                    v /= base;
                }
            }
        } else {
            let mut v = value;
            for slot in out.chunks_exact_mut(w).rev() {
                let d = (v % base) as usize;
                slot.copy_from_slice(&self.utf8[d * w..d * w + w]);
                v /= base;
            }
        }
    }

    /// The number of an already normalised code, or `None` if it is not one.
    fn decode(&self, code: &str) -> Option<u64> {
        if self.width == 1 && self.alphabet.len() < NO_DIGIT as usize {
            // ASCII alphabet: one byte per symbol.
            if code.len() != self.length as usize {
                return None;
            }
            // `length` digits stay below `size`, which fits u64 (checked by
            // `CodeSpec::new`): no overflow is possible.
            let base = self.base();
            let mut value: u64 = 0;
            for &b in code.as_bytes() {
                let digit = *self.ascii.get(b as usize)?;
                if digit == NO_DIGIT {
                    return None;
                }
                value = value.wrapping_mul(base).wrapping_add(u64::from(digit));
            }
            return Some(value);
        }
        let mut value: u64 = 0;
        let mut len = 0u32;
        for c in code.chars() {
            let digit = self.position(c)? as u64;
            value = value.checked_mul(self.base())?.checked_add(digit)?;
            len += 1;
        }
        (len == self.length).then_some(value)
    }

    /// Turns what door staff typed into the code as stored, or says why it
    /// cannot be one.
    ///
    /// Composes letters typed with separate accents (Unicode normalisation form
    /// C); drops whitespace (including non-breaking spaces), dashes, underscores
    /// and invisible characters (zero-width space, BOM, soft hyphen); maps
    /// full-width forms to ASCII; folds case towards the alphabet (a character
    /// that could stand for two symbols of a stored alphabet is refused); and, when the
    /// alphabet has no digits, reads `0` as `O` and `1` as `I` (if those letters are
    /// symbols). Input over [`MAX_TYPED_BYTES`] bytes is refused unread.
    ///
    /// # Errors
    /// [`CodeError`] for empty or over-long input, a character outside the
    /// alphabet, or the wrong number of symbols.
    pub fn normalise(&self, typed: &str) -> Result<String, CodeError> {
        if typed.len() > MAX_TYPED_BYTES {
            return Err(CodeError::TooLong);
        }
        let has_digits = self.alphabet.iter().any(|c| c.is_ascii_digit());
        // A letter and its accent typed as two characters (some keyboards and
        // phones do) become the one character the alphabet holds.
        let composed: Cow<'_, str> = if typed.is_ascii() {
            Cow::Borrowed(typed)
        } else {
            Cow::Owned(typed.nfc().collect())
        };
        let mut out = String::with_capacity(self.length as usize);
        let mut count = 0usize;
        for raw in composed.chars() {
            let c = narrow(raw);
            if is_ignorable(c) {
                continue;
            }
            let symbol = self
                .lookup(c)
                .or_else(|| match (has_digits, c) {
                    (false, '0') => self.lookup('O'),
                    (false, '1') => self.lookup('I'),
                    _ => None,
                })
                .ok_or(CodeError::InvalidChar(raw))?;
            out.push(symbol);
            count += 1;
        }
        if count == 0 {
            return Err(CodeError::Empty);
        }
        if count != self.length as usize {
            return Err(CodeError::WrongLength {
                expected: self.length,
                got: count,
            });
        }
        Ok(out)
    }

    /// The alphabet symbol `c` stands for, ignoring case; `None` when no
    /// symbol or more than one (only in a stored alphabet of an earlier
    /// build, see [`CodeSpec::stored`]) has its case class.
    fn lookup(&self, c: char) -> Option<char> {
        if self.position(c).is_some() {
            return Some(c);
        }
        let f = fold(c);
        let mut matches = self.alphabet.iter().copied().filter(|&s| fold(s) == f);
        match (matches.next(), matches.next()) {
            (Some(symbol), None) => Some(symbol),
            _ => None,
        }
    }

    /// Issues `k` new codes for an event whose existing codes are `existing`,
    /// using the thread-local cryptographically secure RNG.
    ///
    /// See [`CodeSpec::issue_with`] for the guarantees.
    ///
    /// # Errors
    /// [`Error::CodeSpaceExhausted`] when `k` exceeds the free codes.
    pub fn issue<S: AsRef<str>>(&self, existing: &[S], k: usize) -> Result<Codes> {
        self.issue_with(&mut rand::rng(), existing, k)
    }

    /// Issues `k` new codes with the given RNG (use a CSPRNG outside tests).
    ///
    /// The result holds exactly `k` distinct codes, none equal to an existing one,
    /// in random order; every ordered choice of `k` free codes is equally likely.
    /// Existing strings that are not codes of this spec are ignored (they cannot
    /// collide).
    ///
    /// How: the `m` existing codes are read once into a bitmap of the space when
    /// that takes at most 32 bytes per code (`m + k`) or 32 KiB, else into a
    /// hash set. While at least a quarter of the space stays free after the
    /// batch, codes are drawn uniformly from the whole space and a taken one is
    /// drawn again: each draw succeeds with probability ≥ 1/4, so a batch costs
    /// at most 4k draws on average (about k when the space is mostly free),
    /// however large `k` is. A batch that would fill more than three quarters
    /// of the space takes the `i`-th free code for `k` distinct ranks `i` from
    /// `rand::seq::index::sample` instead (no draw is repeated). Cost O(m + k)
    /// (plus O(n/64) for the bitmap, bounded as above); memory O(m + k). The
    /// codes are written into one buffer ([`Codes`]), not one allocation per code.
    ///
    /// # Errors
    /// [`Error::CodeSpaceExhausted`] when `k > n − m`.
    pub fn issue_with<R: rand::Rng + ?Sized, S: AsRef<str>>(
        &self,
        rng: &mut R,
        existing: &[S],
        k: usize,
    ) -> Result<Codes> {
        let values = existing.iter().filter_map(|s| self.decode(s.as_ref()));
        let mut taken = Taken::new(self.size, existing.len().saturating_add(k), values);
        let free = self.size - taken.count();
        if k as u64 > free {
            return Err(Error::CodeSpaceExhausted {
                needed: k as u64,
                free,
            });
        }
        let mut codes = Codes::with_capacity(self, k);
        if (free - k as u64).saturating_mul(4) >= self.size {
            // Acceptance probability ≥ 1/4 for every draw.
            taken.draw_free(rng, self.size, k, |values| codes.push_all(self, values));
            return codes.finish();
        }
        let ranks = taken.ranks();
        match usize::try_from(free) {
            Ok(free) => rand::seq::index::sample(rng, free, k)
                .into_iter()
                .for_each(|i| codes.push(self, ranks.value_of_free(i as u64))),
            Err(_) => sample_floyd_u64(rng, free, k)
                .into_iter()
                .for_each(|i| codes.push(self, ranks.value_of_free(i))),
        }
        codes.finish()
    }

    /// How many guesses per hit an attacker needs when `tickets` codes are in
    /// use: `size ÷ tickets` ("1 in 88"). Infinite for no tickets.
    pub fn guessing_odds(&self, tickets: u64) -> f64 {
        if tickets == 0 {
            f64::INFINITY
        } else {
            self.size as f64 / tickets as f64
        }
    }

    /// The shortest code length over this alphabet whose odds stay at least
    /// `floor` (guesses per hit) with `tickets` tickets, or `None` if no length
    /// that fits in 64 bits does.
    ///
    /// ```
    /// use ticketcore::CodeSpec;
    /// // 500 guests, at least 1 in 100 guesses should fail: 26^3 / 500 = 35 is too few.
    /// assert_eq!(CodeSpec::default().shortest_length(500, 100.0), Some(4));
    /// ```
    pub fn shortest_length(&self, tickets: u64, floor: f64) -> Option<u32> {
        let base = self.base();
        let mut size: u64 = 1;
        for length in 1..=64u32 {
            size = size.checked_mul(base)?;
            if size as f64 / tickets.max(1) as f64 >= floor && size >= tickets {
                return Some(length);
            }
        }
        None
    }
}

/// The code numbers in use (existing codes, then each one drawn).
enum Taken {
    /// One bit per code number; used when it takes at most 32 bytes per
    /// expected entry (or 32 KiB).
    Bitmap { words: Vec<u64>, taken: u64 },
    /// A hash set, for spaces too large for a bitmap; such a space is then at
    /// least 256 times larger than the entries, so it never fills. Values of
    /// a space that fits 32 bits are kept as `u32` (half the memory traffic).
    Set32(HashSet<u32, DefaultHashBuilder>),
    /// As `Set32`, for larger spaces.
    Set64(HashSet<u64, DefaultHashBuilder>),
}

/// Words of the largest bitmap used regardless of the number of codes (32 KiB).
const SMALL_BITMAP_WORDS: u64 = 4096;
/// Bitmap words allowed per expected entry (32 bytes, about twice what a hash
/// set of the entries takes). A bitmap twice that size (1,000,000 codes of
/// 26⁶: 38.5 MB) was slower than the hash set in the `codes` benchmark.
const BITMAP_WORDS_PER_ENTRY: u64 = 4;

impl Taken {
    /// The values in `existing` (duplicates allowed), in a structure sized for
    /// about `entries` values in a space of `n`.
    fn new(n: u64, entries: usize, existing: impl Iterator<Item = u64>) -> Taken {
        let words = n.div_ceil(64);
        let mut taken = if words
            <= (entries as u64).saturating_mul(BITMAP_WORDS_PER_ENTRY) + SMALL_BITMAP_WORDS
        {
            Taken::Bitmap {
                words: vec![0; usize::try_from(words).unwrap_or(usize::MAX)],
                taken: 0,
            }
        } else if u32::try_from(n).is_ok() {
            Taken::Set32(HashSet::with_capacity_and_hasher(
                entries,
                DefaultHashBuilder::default(),
            ))
        } else {
            Taken::Set64(HashSet::with_capacity_and_hasher(
                entries,
                DefaultHashBuilder::default(),
            ))
        };
        for v in existing {
            taken.insert(v);
        }
        taken
    }

    /// How many values are taken.
    fn count(&self) -> u64 {
        match self {
            Taken::Bitmap { taken, .. } => *taken,
            Taken::Set32(set) => set.len() as u64,
            Taken::Set64(set) => set.len() as u64,
        }
    }

    /// Marks `value` taken; `false` if it already was.
    #[inline]
    fn insert(&mut self, value: u64) -> bool {
        match self {
            Taken::Bitmap { words, taken } => {
                let bit = 1u64 << (value % 64);
                match words.get_mut((value / 64) as usize) {
                    Some(word) if *word & bit == 0 => {
                        *word |= bit;
                        *taken += 1;
                        true
                    }
                    _ => false,
                }
            }
            // Values of a `Set32` space fit 32 bits.
            Taken::Set32(set) => u32::try_from(value).is_ok_and(|v| set.insert(v)),
            Taken::Set64(set) => set.insert(value),
        }
    }

    /// Draws `k` values not taken yet, uniformly from `0..n`, drawing again
    /// when a value is taken; marks them taken and hands them to `emit` in
    /// blocks (drawing and encoding each run as a tight loop, and the block
    /// stays in the cache). Only for batches that leave a good share of the
    /// space free (see [`CodeSpec::issue_with`]).
    fn draw_free<R: rand::Rng + ?Sized>(
        &mut self,
        rng: &mut R,
        n: u64,
        k: usize,
        mut emit: impl FnMut(&[u64]),
    ) {
        const BLOCK: usize = 1024;
        let mut block = Vec::with_capacity(BLOCK.min(k));
        let mut left = k;
        while left > 0 {
            let want = left.min(BLOCK);
            block.clear();
            self.draw_block(rng, n, want, &mut block);
            emit(&block);
            left -= want;
        }
    }

    /// Draws `want` new values into `values` (see [`Taken::draw_free`]).
    fn draw_block<R: rand::Rng + ?Sized>(
        &mut self,
        rng: &mut R,
        n: u64,
        want: usize,
        values: &mut Vec<u64>,
    ) {
        match self {
            Taken::Bitmap { words, taken } => {
                // A space that fits 32 bits is drawn from with 32-bit numbers
                // (half the RNG output).
                let mut mark = |value: u64| {
                    let bit = 1u64 << (value % 64);
                    match words.get_mut((value / 64) as usize) {
                        Some(word) if *word & bit == 0 => {
                            *word |= bit;
                            true
                        }
                        _ => false,
                    }
                };
                match u32::try_from(n) {
                    Ok(n32) => {
                        while values.len() < want {
                            let value = u64::from(rng.random_range(0..n32));
                            if mark(value) {
                                values.push(value);
                            }
                        }
                    }
                    Err(_) => {
                        while values.len() < want {
                            let value = rng.random_range(0..n);
                            if mark(value) {
                                values.push(value);
                            }
                        }
                    }
                }
                *taken += want as u64;
            }
            Taken::Set32(set) => {
                let n32 = u32::try_from(n).unwrap_or(u32::MAX);
                while values.len() < want {
                    let value = rng.random_range(0..n32);
                    if set.insert(value) {
                        values.push(u64::from(value));
                    }
                }
            }
            Taken::Set64(set) => {
                while values.len() < want {
                    let value = rng.random_range(0..n);
                    if set.insert(value) {
                        values.push(value);
                    }
                }
            }
        }
    }

    /// The free values by rank.
    fn ranks(self) -> Ranks {
        match self {
            Taken::Bitmap { words, .. } => {
                let mut free_before = Vec::with_capacity(words.len());
                let mut free = 0u64;
                for w in &words {
                    free_before.push(free);
                    free += u64::from(w.count_zeros());
                }
                Ranks::Bitmap { words, free_before }
            }
            Taken::Set32(_) | Taken::Set64(_) => {
                let mut taken: Vec<u64> = match self {
                    Taken::Set32(set) => set.into_iter().map(u64::from).collect(),
                    Taken::Set64(set) => set.into_iter().collect(),
                    Taken::Bitmap { .. } => Vec::new(),
                };
                taken.sort_unstable();
                Ranks::Sorted(
                    taken
                        .iter()
                        .enumerate()
                        .map(|(j, &t)| t - j as u64)
                        .collect(),
                )
            }
        }
    }
}

/// The taken values arranged to find the free value of a given rank (the
/// `i`-th free value in increasing order).
enum Ranks {
    /// The bitmap and the number of free values before each word. Bits past the
    /// end of the space are clear but never reached: ranks stop at the free count.
    Bitmap {
        words: Vec<u64>,
        free_before: Vec<u64>,
    },
    /// Sorted taken values as `gaps[j] = taken[j] - j` (how many free values
    /// lie below `taken[j]`; non-decreasing).
    Sorted(Vec<u64>),
}

impl Ranks {
    /// The free value of rank `i` (`i` < number of free values).
    fn value_of_free(&self, i: u64) -> u64 {
        match self {
            // i plus the number of taken values below it, which is the number
            // of `gaps` entries that are <= i.
            Ranks::Sorted(gaps) => i + gaps.partition_point(|&g| g <= i) as u64,
            Ranks::Bitmap { words, free_before } => {
                let j = free_before.partition_point(|&f| f <= i).saturating_sub(1);
                // Clear the lowest (i - free_before[j]) free bits of word j.
                let mut free_bits = !words[j];
                for _ in 0..(i - free_before[j]) {
                    free_bits &= free_bits - 1;
                }
                j as u64 * 64 + u64::from(free_bits.trailing_zeros())
            }
        }
    }
}

/// A batch of issued codes, held in one string buffer.
///
/// Returned by [`CodeSpec::issue`]. Iterating yields `&str`; [`Codes::to_vec`]
/// copies them out when owned strings are needed.
///
/// ```
/// use ticketcore::CodeSpec;
/// let codes = CodeSpec::default().issue(&["KQZ"], 3).unwrap();
/// assert_eq!(codes.iter().count(), 3);
/// assert!(codes.iter().all(|c| c.len() == 3 && c != "KQZ"));
/// ```
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Codes {
    text: String,
    /// Bytes per code when every code has the same byte length.
    stride: usize,
    /// End offset of each code when lengths differ (mixed-width alphabets).
    ends: Vec<usize>,
    /// Scratch for building (`stride` bytes per code), turned into `text` by `finish`.
    bytes: Vec<u8>,
    /// Codes written into `bytes` so far.
    filled: usize,
}

impl Codes {
    fn with_capacity(spec: &CodeSpec, k: usize) -> Codes {
        let stride = spec.width * spec.length as usize;
        let mixed = stride == 0;
        Codes {
            text: String::with_capacity(if mixed {
                k * spec.length as usize * 4
            } else {
                0
            }),
            stride,
            ends: Vec::with_capacity(if mixed { k } else { 0 }),
            bytes: vec![0; if mixed { 0 } else { k * stride }],
            filled: 0,
        }
    }

    #[inline]
    fn push(&mut self, spec: &CodeSpec, value: u64) {
        if self.stride > 0 {
            let start = self.filled * self.stride;
            if let Some(slot) = self.bytes.get_mut(start..start + self.stride) {
                spec.encode_fixed(value, slot);
                self.filled += 1;
            }
        } else {
            self.push_mixed(spec, value);
        }
    }

    /// Writes the codes of `values` after those pushed so far.
    fn push_all(&mut self, spec: &CodeSpec, values: &[u64]) {
        if self.stride > 0 {
            let start = self.filled * self.stride;
            let slots = self.bytes.get_mut(start..).unwrap_or_default();
            for (slot, &value) in slots.chunks_exact_mut(self.stride).zip(values) {
                spec.encode_fixed(value, slot);
                self.filled += 1;
            }
        } else {
            for &value in values {
                self.push_mixed(spec, value);
            }
        }
    }

    #[inline(never)]
    fn push_mixed(&mut self, spec: &CodeSpec, value: u64) {
        spec.encode(value, &mut self.text);
        self.ends.push(self.text.len());
    }

    fn finish(mut self) -> Result<Codes> {
        if self.stride > 0 {
            let mut bytes = std::mem::take(&mut self.bytes);
            bytes.truncate(self.filled * self.stride);
            self.text = String::from_utf8(bytes)
                .map_err(|_| Error::Internal("code symbols are not UTF-8".into()))?;
        }
        Ok(self)
    }

    /// Number of codes.
    pub fn len(&self) -> usize {
        self.text
            .len()
            .checked_div(self.stride)
            .unwrap_or(self.ends.len())
    }

    /// Whether there are no codes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Code number `i`, or `None` past the end.
    pub fn get(&self, i: usize) -> Option<&str> {
        if i >= self.len() {
            return None;
        }
        if self.stride > 0 {
            self.text.get(i * self.stride..(i + 1) * self.stride)
        } else {
            let start = if i == 0 { 0 } else { self.ends[i - 1] };
            self.text.get(start..self.ends[i])
        }
    }

    /// The codes in issuing order (random).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }

    /// Whether `code` is one of these.
    pub fn contains(&self, code: &str) -> bool {
        self.iter().any(|c| c == code)
    }

    /// The codes as owned strings.
    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_owned).collect()
    }
}

impl fmt::Debug for Codes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for &'a Codes {
    type Item = &'a str;
    type IntoIter = Box<dyn ExactSizeIterator<Item = &'a str> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

/// Robert Floyd's sampling of `k` distinct values from `0..n` for spaces larger
/// than `usize` (32-bit targets). Exactly `k` iterations, no retries.
fn sample_floyd_u64<R: rand::Rng + ?Sized>(rng: &mut R, n: u64, k: usize) -> Vec<u64> {
    let mut chosen = std::collections::HashSet::with_capacity(k);
    let mut order = Vec::with_capacity(k);
    for j in (n - k as u64)..n {
        let t = rng.random_range(0..=j);
        let v = if chosen.insert(t) {
            t
        } else {
            chosen.insert(j);
            j
        };
        order.push(v);
    }
    // Shuffle so the order carries no information.
    for i in (1..order.len()).rev() {
        let j = rng.random_range(0..=i);
        order.swap(i, j);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An event stored by a build that compared symbols by upper case only
    /// still loads, and its codes typed exactly still find themselves.
    #[test]
    fn stored_alphabets_of_earlier_builds_still_load() {
        assert!(CodeSpec::new("ABϴΘ", 2).is_err());
        let spec = CodeSpec::stored("ABϴΘ", 2).expect("stored spec");
        assert_eq!(spec.normalise("ϴΘ").as_deref(), Ok("ϴΘ"));
        assert_eq!(spec.normalise("Θϴ").as_deref(), Ok("Θϴ"));
        // θ could be either symbol: refused rather than guessed.
        assert_eq!(spec.normalise("θA"), Err(CodeError::InvalidChar('θ')));
        assert_eq!(spec.normalise("ab").as_deref(), Ok("AB"));
        assert!(CodeSpec::stored("AA", 2).is_err());
    }

    /// Every form of [`Taken`] finds the same free value of each rank as a
    /// plain scan of the space. `Taken::new` only picks a hash set when the
    /// space is over 256 times the batch, where the rank path is never taken,
    /// so the set forms are built directly here.
    #[test]
    fn ranks_of_every_taken_form_match_a_scan() {
        let n = 200_u64;
        let cases: [&[u64]; 5] = [
            &[],
            &[0],
            &[n - 1],
            &[0, 1, 2, 63, 64, 65, 127, 128, 199],
            &[5, 6, 7, 8, 9, 10, 11, 12, 100, 101, 150, 190, 191, 192],
        ];
        for taken in cases {
            let free: Vec<u64> = (0..n).filter(|v| !taken.contains(v)).collect();
            let forms = [
                Taken::new(n, taken.len(), taken.iter().copied()),
                Taken::Set32(taken.iter().map(|&v| v as u32).collect()),
                Taken::Set64(taken.iter().copied().collect()),
            ];
            for form in forms {
                assert_eq!(form.count(), taken.len() as u64);
                let ranks = form.ranks();
                for (i, &want) in free.iter().enumerate() {
                    assert_eq!(ranks.value_of_free(i as u64), want, "rank {i} of {taken:?}");
                }
            }
        }
    }

    #[test]
    fn encode_decode_roundtrip() {
        let spec = CodeSpec::new("AB", 3).expect("valid");
        let mut s = String::new();
        spec.encode(5, &mut s);
        assert_eq!(s, "BAB");
        assert_eq!(spec.decode("BAB"), Some(5));
    }

    #[test]
    fn fixed_and_mixed_width_batches() {
        let mut rng = rand::rng();
        for alphabet in ["AB", "ÄÖÜ", "AÄ", "日本語"] {
            let spec = CodeSpec::new(alphabet, 3).expect("valid");
            let codes = spec
                .issue_with(&mut rng, &[] as &[&str], 8.min(spec.size() as usize))
                .expect("free");
            assert_eq!(codes.len(), spec.size().min(8) as usize);
            for c in &codes {
                assert_eq!(c.chars().count(), 3);
                let n = spec.decode(c).expect("a code of this spec");
                let mut s = String::new();
                spec.encode(n, &mut s);
                assert_eq!(s, c);
            }
            assert_eq!(codes.get(codes.len()), None);
        }
        let wide = CodeSpec::new("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 10).expect("valid");
        let mut out = [0u8; 10];
        wide.encode_fixed(wide.size() - 1, &mut out);
        assert_eq!(&out, b"ZZZZZZZZZZ");
    }

    #[test]
    fn reciprocal_division_matches_plain_division() {
        let spec = CodeSpec::default();
        let mut out = [0u8; 3];
        for value in 0..spec.size() {
            let mut plain = String::new();
            spec.encode(value, &mut plain);
            spec.encode_fixed(value, &mut out);
            assert_eq!(out, plain.as_bytes());
        }
        for base in [2u64, 3, 7, 10, 26, 31, 32, 36, 64, 100, 255] {
            let mut length = 1;
            while (base as u128).pow(length + 1) <= u32::MAX as u128 + 1 {
                length += 1;
            }
            let alphabet: String = (0..base as u32)
                .map(|i| char::from_u32(0x21 + i).expect("ASCII or Latin-1"))
                .filter(|c| *c != '-' && *c != '_')
                .collect();
            let Ok(spec) = CodeSpec::new(&alphabet, length) else {
                continue;
            };
            let mut out = vec![0u8; spec.length as usize * spec.width];
            for value in [0, 1, spec.size() / 3, spec.size() / 2 + 7, spec.size() - 1] {
                let mut plain = String::new();
                spec.encode(value, &mut plain);
                spec.encode_fixed(value, &mut out);
                assert_eq!(
                    std::str::from_utf8(&out).expect("utf-8"),
                    plain,
                    "{base} {value}"
                );
            }
        }
    }

    #[test]
    fn floyd_u64_distinct() {
        let mut rng = rand::rng();
        let v = sample_floyd_u64(&mut rng, u64::MAX, 1000);
        let set: std::collections::HashSet<_> = v.iter().collect();
        assert_eq!(set.len(), 1000);
        let small = sample_floyd_u64(&mut rng, 10, 10);
        let mut sorted = small.clone();
        sorted.sort();
        assert_eq!(sorted, (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn full_width_and_invisible() {
        let spec = CodeSpec::default();
        assert_eq!(spec.normalise("ｋｑｚ").as_deref(), Ok("KQZ"));
        assert_eq!(spec.normalise("K\u{200B}QZ\u{FEFF}").as_deref(), Ok("KQZ"));
        assert_eq!(spec.normalise("0K1").as_deref(), Ok("OKI"));
        let digits = CodeSpec::new("ABCO0123", 3).expect("valid");
        assert_eq!(digits.normalise("0A1").as_deref(), Ok("0A1"));
        assert!(matches!(
            spec.normalise("КQZ"),
            Err(CodeError::InvalidChar('К'))
        ));
    }
}
