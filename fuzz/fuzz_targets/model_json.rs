//! libFuzzer entry point of the `model_json` target; its body is `leadscore_fuzz::targets::model_json`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| leadscore_fuzz::targets::model_json::run(data));
