//! libFuzzer entry point of the `score_structured` target; its body is `leadscore_fuzz::targets::score_structured`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| leadscore_fuzz::targets::score_structured::run(data));
