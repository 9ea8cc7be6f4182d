//! Worst-case time: matching must be linear in the event's size for every operator. Each case
//! builds events of doubling size, times parsing, matching and explaining (median of several
//! runs), and prints the ratio of each time to the one before: about 2 is linear, about 4 is
//! quadratic. A case whose median ratio (over its doublings, so that one noisy step does not
//! decide) exceeds 3 is marked SUPER-LINEAR; `growth` compares the largest size with the
//! smallest (1.0 = linear; caches make large inputs somewhat slower per byte).
//!
//! Run: `cargo bench -p eventlens --features internals --bench linear` (add `-- quick` for fewer
//! sizes, or a case name to run only the cases whose name contains it). The feature gives the
//! benchmark the wildcard matcher on its own.

use eventlens::internals::Glob;
use eventlens::{Event, Limits, Pattern};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// A case: a pattern and a way to build an event of about `n` bytes.
struct Case {
    name: &'static str,
    pattern: String,
    event: fn(usize) -> String,
}

/// `{"a": [v0, v1, …]}` with `item(i)` as each element, about `n` bytes in all.
fn array_of(n: usize, item: impl Fn(usize) -> String) -> String {
    let mut out = String::from(r#"{"a": ["#);
    let mut i = 0;
    while out.len() < n {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&item(i));
        i += 1;
    }
    out.push_str("]}");
    out
}

/// `{"a": "<text of about n bytes>"}`.
fn one_string(n: usize, unit: &str) -> String {
    format!(r#"{{"a": "{}"}}"#, unit.repeat(n / unit.len()))
}

fn cases() -> Vec<Case> {
    let p = |s: &str| s.to_string();
    vec![
        Case {
            name: "exact string, many values",
            pattern: p(r#"{"a": ["needle"]}"#),
            event: |n| array_of(n, |i| format!(r#""value-{i}""#)),
        },
        Case {
            name: "exact number, many values",
            pattern: p(r#"{"a": [300, 7.5e1]}"#),
            event: |n| array_of(n, |i| format!("{}.25", i % 100_000)),
        },
        Case {
            name: "prefix + suffix, many values",
            pattern: p(r#"{"a": [{"prefix": "zz"}, {"suffix": "zz"}]}"#),
            event: |n| array_of(n, |i| format!(r#""value-{i}""#)),
        },
        Case {
            name: "suffix, one huge value",
            pattern: p(r#"{"a": [{"suffix": "ab"}]}"#),
            event: |n| one_string(n, "a"),
        },
        Case {
            name: "equals-ignore-case, many values",
            pattern: p(r#"{"a": [{"equals-ignore-case": "STRASSE-1"}]}"#),
            event: |n| array_of(n, |i| format!(r#""straße-{i}""#)),
        },
        Case {
            name: "prefix/suffix ignoring case, one huge value",
            pattern: p(
                r#"{"a": [{"prefix": {"equals-ignore-case": "ÉÉÉÉX"}}, {"suffix": {"equals-ignore-case": "XÉÉÉÉ"}}]}"#,
            ),
            event: |n| one_string(n, "é"),
        },
        Case {
            name: "anything-but (strings, prefix), many values",
            pattern: p(
                r#"{"a": [{"anything-but": ["x", "y"]}, {"anything-but": {"prefix": "x"}}]}"#,
            ),
            event: |n| array_of(n, |_| r#""x""#.to_string()),
        },
        Case {
            name: "anything-but wildcard, pathological glob",
            pattern: p(r#"{"a": [{"anything-but": {"wildcard": "*a*a*a*a*b"}}]}"#),
            event: |n| one_string(n, "a"),
        },
        Case {
            name: "wildcard *a*b, one huge value",
            pattern: p(r#"{"a": [{"wildcard": "*a*b"}]}"#),
            event: |n| one_string(n, "a"),
        },
        Case {
            name: "wildcard, many values",
            pattern: p(r#"{"a": [{"wildcard": "value-*-x*"}]}"#),
            event: |n| array_of(n, |i| format!(r#""value-{i}-y""#)),
        },
        Case {
            name: "numeric range, many values",
            pattern: p(r#"{"a": [{"numeric": [">", 1e9, "<=", 2e9]}]}"#),
            event: |n| array_of(n, |i| format!("{i}")),
        },
        Case {
            name: "exists true/false, objects",
            pattern: p(r#"{"a": {"x": [{"exists": true}], "z": [{"exists": false}]}}"#),
            event: |n| array_of(n, |i| format!(r#"{{"x": {i}, "z": 0}}"#)),
        },
        Case {
            name: "cidr, many addresses",
            pattern: p(r#"{"a": [{"cidr": "10.0.0.0/24"}, {"cidr": "2001:db8::/64"}]}"#),
            event: |n| array_of(n, |i| format!(r#""192.168.{}.{}""#, i % 250, i % 200)),
        },
        Case {
            name: "array consistency, fields never in one element",
            pattern: p(r#"{"a": {"x": [1], "y": [2]}}"#),
            event: |n| {
                let half = n / 16;
                array_of(n, move |i| {
                    if i < half {
                        r#"{"x":1}"#.to_string()
                    } else {
                        r#"{"y":2}"#.to_string()
                    }
                })
            },
        },
        Case {
            name: "array consistency, exists:false in each element",
            pattern: p(r#"{"a": {"x": [1], "y": [{"exists": false}]}}"#),
            event: |n| array_of(n, |_| r#"{"x":1,"y":0}"#.to_string()),
        },
        Case {
            name: "values under 1,000 nested arrays",
            pattern: p(r#"{"a": [2]}"#),
            event: |n| {
                let values = vec!["1"; n.saturating_sub(2100) / 2].join(",");
                format!(r#"{{"a": {}{values}{}}}"#, "[".repeat(999), "]".repeat(999))
            },
        },
        Case {
            name: "$or of 100 branches, many values",
            pattern: {
                let branches: Vec<String> =
                    (0..100).map(|i| format!(r#"{{"a": ["v{i}"]}}"#)).collect();
                format!(r#"{{"$or": [{}]}}"#, branches.join(","))
            },
            event: |n| array_of(n, |i| format!(r#""value-{i}""#)),
        },
        Case {
            name: "duplicate keys, many values",
            pattern: p(r#"{"a": ["needle"]}"#),
            event: |n| {
                let count = n / 10;
                format!("{{{}}}", vec![r#""a": "x""#; count].join(","))
            },
        },
    ]
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The median of some ratios.
fn middle(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

fn ms(d: Duration) -> String {
    format!("{:9.4}", d.as_secs_f64() * 1e3)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let quick = args.iter().any(|a| a == "quick");
    let filter: Vec<&String> = args.iter().filter(|a| *a != "quick").collect();
    let sizes: Vec<usize> = if quick {
        (0..4).map(|k| (256 << 10) << k).collect()
    } else {
        (0..6).map(|k| (256 << 10) << k).collect()
    };
    let limits = Limits {
        max_event_bytes: usize::MAX,
        max_pattern_chars: usize::MAX,
        ..Limits::default()
    };
    let mut flagged = Vec::new();
    for case in cases() {
        if !filter.is_empty() && !filter.iter().any(|f| case.name.contains(f.as_str())) {
            continue;
        }
        let pattern = Pattern::compile_with(&case.pattern, &limits)
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        println!(
            "\n{}   {}",
            case.name,
            case.pattern.chars().take(90).collect::<String>()
        );
        println!(
            "{:>10} {:>9} {:>9} {:>6} {:>9} {:>6}",
            "bytes", "parse ms", "match ms", "ratio", "explain", "ratio"
        );
        let mut first: Option<(usize, Duration, Duration)> = None;
        let mut last: Option<(Duration, Duration)> = None;
        let mut ratios: (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
        for &n in &sizes {
            let text = (case.event)(n);
            let parse = time(3, || Event::parse_with(&text, &limits).unwrap());
            let event = Event::parse_with(&text, &limits).unwrap();
            let matched = time(7, || pattern.matches(&event));
            let explained = time(5, || pattern.explain(&event));
            if let Some((m, x)) = last {
                ratios.0.push(matched.as_secs_f64() / m.as_secs_f64());
                ratios.1.push(explained.as_secs_f64() / x.as_secs_f64());
            }
            let ratio = |now: Duration, before: Option<Duration>| match before {
                Some(b) => format!("{:6.2}", now.as_secs_f64() / b.as_secs_f64()),
                None => format!("{:>6}", "-"),
            };
            println!(
                "{:>10} {} {} {} {} {}",
                text.len(),
                ms(parse),
                ms(matched),
                ratio(matched, last.map(|l| l.0)),
                ms(explained),
                ratio(explained, last.map(|l| l.1)),
            );
            first.get_or_insert((text.len(), matched, explained));
            last = Some((matched, explained));
            if n == *sizes.last().unwrap() {
                let (n0, m0, x0) = first.unwrap();
                let scale = text.len() as f64 / n0 as f64;
                let growth_m = matched.as_secs_f64() / m0.as_secs_f64() / scale;
                let growth_x = explained.as_secs_f64() / x0.as_secs_f64() / scale;
                let (ratio_m, ratio_x) = (middle(&mut ratios.0), middle(&mut ratios.1));
                let verdict = if ratio_m > 3.0 || ratio_x > 3.0 {
                    flagged.push(case.name);
                    "SUPER-LINEAR"
                } else {
                    "linear"
                };
                println!(
                    "median ratio per doubling: match {ratio_m:.2}, explain {ratio_x:.2}; growth over {scale:.0}x the size: match {growth_m:.2}, explain {growth_x:.2} -> {verdict}"
                );
            }
        }
    }
    if filter.is_empty() || filter.iter().any(|f| f.contains("glob")) {
        flagged.extend(glob_alone(&sizes));
    }
    if flagged.is_empty() {
        println!("\nEvery case is linear in the event size.");
    } else {
        println!("\nSUPER-LINEAR: {}", flagged.join("; "));
        std::process::exit(1);
    }
}

/// The glob matcher on its own, with globs EventBridge refuses as too complex: the matcher
/// must still be linear in the text (no backtracking blow-up). Returns the globs that are not.
fn glob_alone(sizes: &[usize]) -> Vec<&'static str> {
    let mut flagged = Vec::new();
    // A backtracking matcher takes polynomial time of high degree on the first two; a naive
    // substring search takes time × the literal's length on the last.
    for glob in [
        "*a*a*a*a*b*",
        "*a*a*a*a*a*a*a*a*a*a*b*",
        "*aaaaaaaaaaaaaaaaaaaaaaaaaaaaab*",
    ] {
        let g = Glob::parse(glob).unwrap();
        println!("\nglob {glob} on \"aaa…\" (matcher alone)");
        println!("{:>10} {:>9} {:>6}", "bytes", "match ms", "ratio");
        let mut before: Option<Duration> = None;
        let mut ratios = Vec::new();
        for &n in sizes {
            let text = "a".repeat(n);
            let t = time(7, || g.matches(&text));
            let ratio = before.map_or(format!("{:>6}", "-"), |b| {
                ratios.push(t.as_secs_f64() / b.as_secs_f64());
                format!("{:6.2}", t.as_secs_f64() / b.as_secs_f64())
            });
            println!("{:>10} {} {}", n, ms(t), ratio);
            before = Some(t);
        }
        let ratio = middle(&mut ratios);
        println!("median ratio per doubling: {ratio:.2}");
        if ratio > 3.0 {
            flagged.push(glob);
        }
    }
    flagged
}
