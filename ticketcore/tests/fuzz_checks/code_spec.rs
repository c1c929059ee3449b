//! An organiser's code settings (alphabet and length, typed into the event
//! form or given to the CLI): building the spec never panics, and when it is
//! accepted, the spec rebuilt from its own alphabet is the same spec, every
//! code it issues is typed back at the door as itself, and every symbol typed
//! in lower or upper case is that symbol or refused, never another symbol.
//!
//! Input: one byte for the length (0–9), then the alphabet as UTF-8, then
//! optionally `0x01` and a typed code to normalise.

use ticketcore::CodeSpec;

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
    // Every symbol, as itself and typed in lower or upper case.
    for symbol in spec.alphabet().chars() {
        let code = symbol.to_string().repeat(length);
        assert_eq!(spec.normalise(&code).as_deref(), Ok(code.as_str()));
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
    let none: [&str; 0] = [];
    if let Ok(codes) = spec.issue(&none, 4) {
        for code in codes.iter() {
            assert_eq!(code.chars().count(), length, "{code:?}");
            assert_eq!(spec.normalise(code).as_deref(), Ok(code));
        }
    }
    if let Ok(code) = spec.normalise(typed) {
        assert_eq!(code.chars().count(), spec.length() as usize);
        assert_eq!(spec.normalise(&code).as_deref(), Ok(code.as_str()));
    }
}
