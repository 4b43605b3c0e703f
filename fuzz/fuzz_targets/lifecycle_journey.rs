//! libFuzzer entry point of the `lifecycle_journey` target; its body is `leadscore_fuzz::targets::lifecycle_journey`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| leadscore_fuzz::targets::lifecycle_journey::run(data));
