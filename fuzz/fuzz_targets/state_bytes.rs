//! libFuzzer entry point of the `state_bytes` target; its body is `leadscore_fuzz::targets::state_bytes`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| leadscore_fuzz::targets::state_bytes::run(data));
