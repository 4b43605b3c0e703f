//! Reading the repository's files, by absolute path: with `std::fs` natively and, in the Wasm
//! runners (which wasm-bindgen-test runs in Node), with Node's own `fs`, so that every tier reads
//! the same folders at run time and a new file needs no list edited and no rebuild.

/// A file's text, or what went wrong reading it.
pub fn read_text(path: &str) -> Result<String, String> {
    platform::read_text(path)
}

/// The names of the files in a folder whose names end with `suffix`, sorted.
pub fn file_names(folder: &str, suffix: &str) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = platform::entries(folder)?
        .into_iter()
        .filter(|name| name.ends_with(suffix))
        .collect();
    names.sort();
    Ok(names)
}

#[cfg(not(target_arch = "wasm32"))]
mod platform {
    pub fn read_text(path: &str) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|e| e.to_string())
    }

    pub fn entries(folder: &str) -> Result<Vec<String>, String> {
        std::fs::read_dir(folder)
            .map_err(|e| e.to_string())?
            .map(|entry| {
                let entry = entry.map_err(|e| e.to_string())?;
                entry
                    .file_name()
                    .into_string()
                    .map_err(|name| format!("{name:?} is not UTF-8"))
            })
            .collect()
    }
}

#[cfg(target_arch = "wasm32")]
mod platform {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "node:fs")]
    extern "C" {
        #[wasm_bindgen(catch, js_name = readFileSync)]
        fn read_file_sync(path: &str, encoding: &str) -> Result<String, JsValue>;
        #[wasm_bindgen(catch, js_name = readdirSync)]
        fn readdir_sync(path: &str) -> Result<js_sys::Array, JsValue>;
    }

    /// A thrown JavaScript error as text (Node's carry the path and the system's reason).
    fn reason(error: JsValue) -> String {
        match error.dyn_ref::<js_sys::Error>() {
            Some(error) => error.message().into(),
            None => format!("{error:?}"),
        }
    }

    pub fn read_text(path: &str) -> Result<String, String> {
        read_file_sync(path, "utf8").map_err(reason)
    }

    pub fn entries(folder: &str) -> Result<Vec<String>, String> {
        let names = readdir_sync(folder).map_err(reason)?;
        names
            .iter()
            .map(|name| {
                name.as_string()
                    .ok_or_else(|| format!("{name:?} is not text"))
            })
            .collect()
    }
}
