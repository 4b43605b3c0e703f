//! libFuzzer entry point of the `store_push` target; its body is `leadscore_fuzz::targets::store_push`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| leadscore_fuzz::targets::store_push::run(data));
