//! libFuzzer entry point of the `lifecycle_json` target; its body is `leadscore_fuzz::targets::lifecycle_json`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| leadscore_fuzz::targets::lifecycle_json::run(data));
