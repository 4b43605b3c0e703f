//! libFuzzer entry point of the `playbook_json` target; its body is `leadscore_fuzz::targets::playbook_json`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| leadscore_fuzz::targets::playbook_json::run(data));
