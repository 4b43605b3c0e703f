//! libFuzzer entry point of the `batch_json` target; its body is `leadscore_fuzz::targets::batch_json`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| leadscore_fuzz::targets::batch_json::run(data));
