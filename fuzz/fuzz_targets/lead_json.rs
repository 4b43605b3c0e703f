//! libFuzzer entry point of the `lead_json` target; its body is `leadscore_fuzz::targets::lead_json`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| leadscore_fuzz::targets::lead_json::run(data));
