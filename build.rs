//! Writes the crate's compact lowercase table (`src/lowercase.rs` includes it) by asking this
//! toolchain's `char::to_lowercase` about every character: the same standard library as the
//! target's, so the same Unicode version, in runs of characters that share one offset to their
//! lowercase (every character, or every other one for the alternating upper/lower blocks) plus
//! the few characters whose lowercase is more than one character.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// Bits of a run's shape below its offset: the run's length, then its stride less one.
const LENGTH_BITS: u32 = 11;

/// Characters mapped to the same offset, `stride` apart.
struct Run {
    start: u32,
    length: u32,
    stride: u32,
    offset: i32,
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let mut singles = Vec::new();
    let mut multiples = Vec::new();
    for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
        let lower: Vec<char> = c.to_lowercase().collect();
        match lower[..] {
            [single] if single == c => {}
            [single] => singles.push((c as u32, single as i32 - c as i32)),
            _ => multiples.push((c, lower)),
        }
    }
    let runs = runs(&singles, |c| {
        char::from_u32(c).is_none_or(|c| c.to_lowercase().eq([c]))
    });
    let path = Path::new(&env::var("OUT_DIR").unwrap()).join("lowercase_table.rs");
    fs::write(path, table(&runs, &multiples)).unwrap();
}

/// The characters with a one-character lowercase (in order, with its offset) in runs; a run of
/// stride 2 only steps over characters that are their own lowercase (`unchanged`), so runs never
/// interleave and a character belongs to the last run starting at or before it, or to none.
fn runs(singles: &[(u32, i32)], unchanged: impl Fn(u32) -> bool) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for &(c, offset) in singles {
        if let Some(run) = runs.last_mut() {
            let last = run.start + (run.length - 1) * run.stride;
            let follows = |stride: u32| {
                c == last + stride && offset == run.offset && (stride == 1 || unchanged(last + 1))
            };
            if run.length == 1 && follows(2) {
                run.stride = 2;
            }
            if follows(run.stride) {
                run.length += 1;
                continue;
            }
        }
        runs.push(Run {
            start: c,
            length: 1,
            stride: 1,
            offset,
        });
    }
    runs
}

/// The table as Rust: the runs' first characters (searched), their shapes (offset, length,
/// stride), and the characters with a longer lowercase.
fn table(runs: &[Run], multiples: &[(char, Vec<char>)]) -> String {
    let mut out = String::from("// Written by build.rs from char::to_lowercase.\n");
    let starts: Vec<String> = runs.iter().map(|r| format!("{:#x}", r.start)).collect();
    let shapes: Vec<String> = runs.iter().map(|r| format!("{:#x}", shape(r))).collect();
    let n = runs.len();
    writeln!(
        out,
        "const RUN_STARTS: [u32; {n}] = [{}];",
        starts.join(", ")
    )
    .unwrap();
    writeln!(
        out,
        "const RUN_SHAPES: [u32; {n}] = [{}];",
        shapes.join(", ")
    )
    .unwrap();
    writeln!(out, "const LENGTH_BITS: u32 = {LENGTH_BITS};").unwrap();
    out.push_str("const LONGER: &[(char, &str)] = &[");
    for (c, lower) in multiples {
        let lower: String = lower
            .iter()
            .map(|l| format!("\\u{{{:x}}}", *l as u32))
            .collect();
        write!(out, "('\\u{{{:x}}}', \"{lower}\"), ", *c as u32).unwrap();
    }
    out.push_str("];\n");
    out
}

/// A run's offset, length and stride in one number (its offset in the bits above the length's).
fn shape(run: &Run) -> u32 {
    assert!(
        run.length < 1 << (LENGTH_BITS - 1),
        "a run too long for its bits"
    );
    assert!(
        run.offset.unsigned_abs() < 1 << (31 - LENGTH_BITS),
        "an offset too far"
    );
    ((run.offset << LENGTH_BITS) as u32) | (run.length << 1) | (run.stride - 1)
}
