//! Property tests of code issuing and typed-code normalisation.

use std::collections::HashSet;

use proptest::prelude::*;
use ticketcore::{CodeError, CodeSpec, Error};

/// Symbols a random alphabet is drawn from: letters, digits and some non-ASCII.
const POOL: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ÄÖÜßΣΔ";

/// A random valid spec whose space is small enough to enumerate (≤ 20,000).
fn small_spec() -> impl Strategy<Value = CodeSpec> {
    (
        prop::sample::subsequence(POOL.chars().collect::<Vec<_>>(), 2..=12),
        1u32..=4,
    )
        .prop_filter_map("space too large", |(symbols, length)| {
            let alphabet: String = symbols.into_iter().collect();
            let spec = CodeSpec::new(&alphabet, length).ok()?;
            (spec.size() <= 20_000).then_some(spec)
        })
}

fn check_codes(spec: &CodeSpec, existing: &[String], codes: &[String], k: usize) {
    assert_eq!(codes.len(), k);
    let set: HashSet<&String> = codes.iter().collect();
    assert_eq!(set.len(), k, "codes are distinct");
    let alphabet: HashSet<char> = spec.alphabet().chars().collect();
    let old: HashSet<&String> = existing.iter().collect();
    for code in codes {
        assert_eq!(code.chars().count(), spec.length() as usize);
        assert!(
            code.chars().all(|c| alphabet.contains(&c)),
            "{code} in alphabet"
        );
        assert!(!old.contains(code), "{code} is new");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn issued_codes_are_k_distinct_new(spec in small_spec(), m_frac in 0.0f64..=1.0, k_frac in 0.0f64..=1.0, fill in any::<bool>()) {
        let n = spec.size() as usize;
        let m = (n as f64 * m_frac) as usize;
        let existing = spec.issue(&Vec::<String>::new(), m).expect("m <= n").to_vec();
        let free = n - m;
        // Half the cases take every free code (k = n - m).
        let k = if fill { free } else { (free as f64 * k_frac) as usize };
        let codes = spec.issue(&existing, k).expect("k <= free").to_vec();
        check_codes(&spec, &existing, &codes, k);
        // One more than free is refused with the exact counts.
        match spec.issue(&existing, free + 1) {
            Err(Error::CodeSpaceExhausted { needed, free: f }) => {
                prop_assert_eq!(needed, free as u64 + 1);
                prop_assert_eq!(f, free as u64);
            }
            other => prop_assert!(false, "expected exhaustion, got {:?}", other.map(|v| v.len())),
        }
    }

    #[test]
    fn normalise_accepts_every_code_in_any_form(spec in small_spec(), seed in any::<u64>()) {
        let codes = spec.issue(&Vec::<String>::new(), 1).expect("space not empty").to_vec();
        let code = &codes[0];
        // Mix case, spaces and dashes into the displayed code.
        let mut typed = String::from("  ");
        for (i, c) in code.chars().enumerate() {
            let bits = seed >> (i * 3);
            if bits & 1 == 1 { typed.extend(c.to_lowercase()); } else { typed.push(c); }
            if bits & 2 == 2 { typed.push(' '); }
            if bits & 4 == 4 { typed.push('-'); }
        }
        typed.push('\t');
        prop_assert_eq!(spec.normalise(&typed), Ok(code.clone()));
    }

    #[test]
    fn normalise_rejects_foreign_characters(spec in small_spec(), bad in "[!#$%&*+/=?@~;:,.<>]") {
        let codes = spec.issue(&Vec::<String>::new(), 1).expect("space not empty").to_vec();
        let typed = format!("{}{}", bad, codes[0]);
        prop_assert!(matches!(spec.normalise(&typed), Err(CodeError::InvalidChar(_))));
    }

    #[test]
    fn normalise_rejects_wrong_lengths(spec in small_spec(), extra in 1usize..4) {
        let codes = spec.issue(&Vec::<String>::new(), 1).expect("space not empty").to_vec();
        let first = codes[0].chars().next().expect("length >= 1");
        let long: String = codes[0].chars().chain(std::iter::repeat_n(first, extra)).collect();
        let is_wrong_length = matches!(spec.normalise(&long), Err(CodeError::WrongLength { .. }));
        prop_assert!(is_wrong_length);
    }

    #[test]
    fn normalise_never_panics(spec in small_spec(), typed in ".{0,40}") {
        let _ = spec.normalise(&typed);
    }
}

#[test]
fn sampling_is_uniform_over_free_codes() {
    let spec = CodeSpec::new("AB", 2).expect("valid");
    let existing = vec!["AB".to_string()];
    let mut counts = std::collections::HashMap::new();
    for _ in 0..3000 {
        let code = spec.issue(&existing, 1).expect("free").to_vec().remove(0);
        *counts.entry(code).or_insert(0u32) += 1;
    }
    assert_eq!(counts.len(), 3, "{counts:?}");
    assert!(!counts.contains_key("AB"));
    // Each of 3 codes expects 1000; 800 is over 6 standard deviations away.
    assert!(counts.values().all(|&c| c > 800), "{counts:?}");
}

/// Counts how often each ordered batch comes out and checks every possible
/// one appears about equally often (each within 6 standard deviations).
fn assert_uniform_batches(spec: &CodeSpec, existing: &[String], k: usize, outcomes: usize) {
    let per = 600u32;
    let mut counts = std::collections::HashMap::new();
    for _ in 0..per as usize * outcomes {
        let batch = spec.issue(existing, k).expect("free").to_vec().join(",");
        *counts.entry(batch).or_insert(0u32) += 1;
    }
    assert_eq!(counts.len(), outcomes, "{counts:?}");
    let p = 1.0 / outcomes as f64;
    let sd = (f64::from(per) * outcomes as f64 * p * (1.0 - p)).sqrt();
    for (batch, &c) in &counts {
        assert!(
            (f64::from(c) - f64::from(per)).abs() < 6.0 * sd,
            "{batch}: {c} of expected {per} ({counts:?})"
        );
        for code in batch.split(',') {
            assert!(!existing.iter().any(|e| e == code), "{batch}");
        }
    }
}

#[test]
fn batches_and_their_order_are_uniform() {
    let spec = CodeSpec::new("AB", 2).expect("valid");
    // Mostly free: codes drawn from the whole space (4 · 3 ordered pairs).
    assert_uniform_batches(&spec, &[], 2, 12);
    // Filling the space: ranks sampled among the free codes (3! orders of
    // the three free codes).
    assert_uniform_batches(&spec, &["BA".to_string()], 3, 6);
    let spec = CodeSpec::new("ABC", 2).expect("valid");
    // 9 codes, 2 taken: 2 of the 7 free ones drawn from the whole space
    // (7 · 6 ordered pairs), drawing again when a taken code comes up.
    assert_uniform_batches(&spec, &["AA".into(), "CB".into()], 2, 42);
}

#[test]
fn huge_space_samples_without_enumerating() {
    // 32^12 = 2^60 codes: sampling must not touch the space.
    let spec = CodeSpec::new("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 12).expect("valid");
    let codes = spec
        .issue(&["AAAAAAAAAAAA"], 10_000)
        .expect("free")
        .to_vec();
    check_codes(&spec, &["AAAAAAAAAAAA".to_string()], &codes, 10_000);
}

#[test]
fn spec_validation() {
    assert!(matches!(
        CodeSpec::new("A", 3),
        Err(ticketcore::CodeSpecError::TooFewSymbols)
    ));
    assert!(matches!(
        CodeSpec::new("AbB", 3),
        Err(ticketcore::CodeSpecError::DuplicateSymbol('B'))
    ));
    assert!(matches!(
        CodeSpec::new("AB C", 3),
        Err(ticketcore::CodeSpecError::UnusableSymbol(' '))
    ));
    assert!(matches!(
        CodeSpec::new("AB-", 3),
        Err(ticketcore::CodeSpecError::UnusableSymbol('-'))
    ));
    assert!(matches!(
        CodeSpec::new("AB", 0),
        Err(ticketcore::CodeSpecError::ZeroLength)
    ));
    assert!(matches!(
        CodeSpec::new("AB", 64),
        Err(ticketcore::CodeSpecError::SpaceTooLarge { .. })
    ));
    assert!(CodeSpec::new("AB", 63).is_ok());
}

#[test]
fn odds_and_shortest_length() {
    let spec = CodeSpec::default();
    assert_eq!(spec.guessing_odds(200), 17_576.0 / 200.0);
    assert_eq!(spec.shortest_length(200, 50.0), Some(3));
    assert_eq!(spec.shortest_length(10_000, 50.0), Some(5));
    assert_eq!(spec.shortest_length(1, 1.0), Some(1));
}

#[test]
fn door_typing() {
    let spec = CodeSpec::default();
    for typed in [
        "kqz",
        " K Q Z ",
        "k-q-z",
        "ＫＱＺ",
        "k\u{200B}qz",
        "KQZ\u{00A0}",
        "K–Q—Z",
    ] {
        assert_eq!(spec.normalise(typed).as_deref(), Ok("KQZ"), "{typed:?}");
    }
    assert_eq!(spec.normalise("0K1").as_deref(), Ok("OKI"));
    assert_eq!(spec.normalise(""), Err(CodeError::Empty));
    assert_eq!(spec.normalise(" - "), Err(CodeError::Empty));
    assert_eq!(spec.normalise(&"A".repeat(10_000)), Err(CodeError::TooLong));
    assert!(spec.normalise("'; DROP TABLE tickets; --").is_err());
    assert!(spec.normalise("КQZ").is_err(), "Cyrillic Ka is not K");
}

/// Every form of a letter is one symbol (found by the `code_spec` fuzz
/// target): an alphabet cannot hold two symbols that differ only in case by
/// any path through upper and lower case, and a code typed in lower case is
/// the code that was issued.
#[test]
fn case_forms_of_one_letter_are_one_symbol() {
    // ϴ (capital theta symbol) and Θ both have θ as lower case.
    assert!(matches!(
        CodeSpec::new("ABϴΘ", 3),
        Err(ticketcore::CodeSpecError::DuplicateSymbol('Θ'))
    ));
    assert!(matches!(
        CodeSpec::new("ϑΘ", 3),
        Err(ticketcore::CodeSpecError::DuplicateSymbol('Θ'))
    ));
    // İ is typed in lower case as i on a Turkish keyboard: it cannot share
    // an alphabet with I.
    assert!(matches!(
        CodeSpec::new("ABIİ", 3),
        Err(ticketcore::CodeSpecError::DuplicateSymbol('İ'))
    ));
    let turkish = CodeSpec::new("ABÇİ", 3).expect("spec");
    assert_eq!(turkish.normalise("içb").as_deref(), Ok("İÇB"));
    assert_eq!(turkish.normalise("IÇB").as_deref(), Ok("İÇB"));
    let spec = CodeSpec::new("ABϴ", 3).expect("spec");
    assert_eq!(spec.normalise("θab").as_deref(), Ok("ϴAB"));
    assert_eq!(spec.normalise("ϑΘB").as_deref(), Ok("ϴϴB"));
    let greek = CodeSpec::new("ΑΒΓΣ", 4).expect("spec");
    let codes = greek.issue(&[] as &[&str], 20).expect("codes").to_vec();
    for code in &codes {
        assert_eq!(
            greek.normalise(&code.to_lowercase()).as_deref(),
            Ok(code.as_str())
        );
    }
    // Final sigma is a sigma too.
    assert_eq!(greek.normalise("ςσΣα").as_deref(), Ok("ΣΣΣΑ"));
}

/// Symbols are what keyboards type (found on review of the `code_spec`
/// fuzz target): a character that Unicode normalisation form C turns into
/// another, or a combining mark, is refused, and typed input is composed
/// before it is read, so a letter typed with a separate accent is the letter.
#[test]
fn symbols_are_what_keyboards_type() {
    for (alphabet, refused) in [
        ("AB\u{1F71}", '\u{1F71}'), // ά in its Greek Extended form; keyboards type U+03AC
        ("AB\u{212A}", '\u{212A}'), // the Kelvin sign; keyboards type K
        ("AB\u{301}", '\u{301}'),   // a combining acute accent on its own
        ("AB\u{37E}", '\u{37E}'),   // the Greek question mark; keyboards type ;
    ] {
        assert!(
            matches!(
                CodeSpec::new(alphabet, 3),
                Err(ticketcore::CodeSpecError::NotTypable(c)) if c == refused
            ),
            "{alphabet:?}"
        );
    }
    let greek = CodeSpec::new("ABά", 3).expect("spec");
    assert_eq!(greek.normalise("α\u{301}ab").as_deref(), Ok("άAB"));
    assert_eq!(greek.normalise("Ά b a").as_deref(), Ok("άBA"));
    // A full-width underscore is dropped as an underscore is.
    assert_eq!(
        CodeSpec::default().normalise("K＿Q＿Z").as_deref(),
        Ok("KQZ")
    );
}
