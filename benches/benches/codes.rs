//! Code issuing against `rand::seq::index::sample` for the same n and k.
//!
//! `rand`'s sampler only draws indices; `CodeSpec::issue` also reads the
//! existing codes, avoids them and writes the new ones as strings, so the ratio
//! shows what that costs. With existing codes a second baseline adds the least
//! any issuer has to do with them: read each one once (its number, by a plain
//! base-26 fold) before sampling.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use ticketcore::CodeSpec;

fn sampling(c: &mut Criterion) {
    let mut group = c.benchmark_group("issue");
    group.sample_size(10);
    let cases: [(&str, u32, usize, usize); 5] = [
        ("200 of 26^3", 3, 200, 0),
        ("10k of 26^4", 4, 10_000, 0),
        ("10k of 26^4, 200k taken", 4, 10_000, 200_000),
        ("1M of 26^6", 6, 1_000_000, 0),
        ("1M of 26^6, 1M taken", 6, 1_000_000, 1_000_000),
    ];
    for (name, length, k, m) in cases {
        let spec = CodeSpec::new(ticketcore::code::DEFAULT_ALPHABET, length).expect("spec");
        let existing = spec
            .issue(&Vec::<String>::new(), m)
            .expect("existing")
            .to_vec();
        let n = spec.size() as usize;
        group.bench_with_input(
            BenchmarkId::new("rand::seq::index::sample", name),
            &k,
            |b, &k| {
                let mut rng = rand::rng();
                b.iter(|| black_box(rand::seq::index::sample(&mut rng, n - m, k)))
            },
        );
        if m > 0 {
            group.bench_with_input(
                BenchmarkId::new("read existing + rand::seq::index::sample", name),
                &k,
                |b, &k| {
                    let mut rng = rand::rng();
                    b.iter(|| {
                        let numbers: Vec<u64> = existing
                            .iter()
                            .map(|c| {
                                c.bytes()
                                    .fold(0u64, |v, b| v * 26 + u64::from(b.wrapping_sub(b'A')))
                            })
                            .collect();
                        black_box(numbers);
                        black_box(rand::seq::index::sample(&mut rng, n - m, k))
                    })
                },
            );
        }
        group.bench_with_input(BenchmarkId::new("CodeSpec::issue", name), &k, |b, &k| {
            b.iter(|| black_box(spec.issue(&existing, k).expect("issue")))
        });
    }
    group.finish();
}

criterion_group!(benches, sampling);
criterion_main!(benches);
