//! An organiser's code settings (alphabet and length, typed into the event
//! form or given to the CLI): building the spec never panics, and when it is
//! accepted:
//!
//! - the spec rebuilt from its own alphabet is accepted and the same;
//! - every symbol, as a code of that symbol alone, is read back as itself
//!   exactly as issued, decomposed (letter and accent typed apart), in
//!   full-width form, and with invisible characters between the symbols;
//! - typed in lower or upper case it is that code or refused, never another;
//! - codes it issues (from a generator seeded by the input, so a finding
//!   replays) are read back as themselves.
//!
//! Input: one byte for the length (0–9), then the alphabet as UTF-8, then
//! optionally `0x01` and a typed code to normalise.

use rand::SeedableRng;
use rand::rngs::SmallRng;
use ticketcore::CodeSpec;
use unicode_normalization::UnicodeNormalization;

/// Panics when `data` breaks the rule above.
pub fn check(data: &[u8]) {
    let Some((&length, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (alphabet, typed) = text.split_once('\u{1}').unwrap_or((text, ""));
    let Ok(spec) = CodeSpec::new(alphabet, u32::from(length % 10)) else {
        return;
    };
    let again =
        CodeSpec::new(&spec.alphabet(), spec.length()).expect("a spec's own alphabet is accepted");
    assert_eq!(again.alphabet(), spec.alphabet());
    let length = spec.length() as usize;
    for symbol in spec.alphabet().chars() {
        let code = symbol.to_string().repeat(length);
        let decomposed: String = code.nfd().collect();
        let spaced: String = code.chars().flat_map(|c| [c, '\u{200B}']).collect();
        let mut exact = vec![code.clone(), decomposed, spaced];
        if ('!'..='~').contains(&symbol) {
            let wide = char::from_u32(symbol as u32 + 0xFEE0).expect("full-width form");
            exact.push(wide.to_string().repeat(length));
        }
        for typed in exact {
            assert_eq!(
                spec.normalise(&typed).as_deref(),
                Ok(code.as_str()),
                "{typed:?} is not read as {code:?}"
            );
        }
        for form in [
            symbol.to_lowercase().to_string(),
            symbol.to_uppercase().to_string(),
        ] {
            let typed = form.repeat(length);
            if let Ok(n) = spec.normalise(&typed) {
                assert_eq!(n, code, "{typed:?} is another code than {code:?}");
            }
        }
    }
    let seed = data
        .iter()
        .fold(0u64, |h, &b| h.rotate_left(5) ^ u64::from(b));
    let none: [&str; 0] = [];
    if let Ok(codes) = spec.issue_with(&mut SmallRng::seed_from_u64(seed), &none, 4) {
        for code in codes.iter() {
            assert_eq!(code.chars().count(), length, "{code:?}");
            assert_eq!(spec.normalise(code).as_deref(), Ok(code));
        }
    }
    if let Ok(code) = spec.normalise(typed) {
        assert_eq!(code.chars().count(), length);
        assert_eq!(spec.normalise(&code).as_deref(), Ok(code.as_str()));
    }
}
