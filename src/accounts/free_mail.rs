//! Free-mail domains: addresses anyone can get, which say nothing about an employer, so leads on
//! them are never grouped into an account by their domain. The common providers worldwide,
//! their national variants included; a model adds its own with `accounts.key.freeMailDomains`.

/// Sorted, lowercased, for a binary search.
const DOMAINS: &[&str] = &[
    "126.com",
    "139.com",
    "163.com",
    "aim.com",
    "aol.com",
    "bigpond.com",
    "bol.com.br",
    "btinternet.com",
    "comcast.net",
    "daum.net",
    "email.com",
    "fastmail.com",
    "free.fr",
    "gmail.com",
    "gmx.at",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "googlemail.com",
    "hanmail.net",
    "hey.com",
    "hotmail.co.uk",
    "hotmail.com",
    "hotmail.de",
    "hotmail.es",
    "hotmail.fr",
    "hotmail.it",
    "hushmail.com",
    "icloud.com",
    "inbox.com",
    "laposte.net",
    "libero.it",
    "live.ca",
    "live.co.uk",
    "live.com",
    "live.com.au",
    "live.de",
    "live.fr",
    "live.nl",
    "mac.com",
    "mail.com",
    "mail.ru",
    "me.com",
    "msn.com",
    "naver.com",
    "orange.fr",
    "outlook.com",
    "outlook.de",
    "outlook.es",
    "outlook.fr",
    "pm.me",
    "proton.me",
    "protonmail.com",
    "qq.com",
    "rambler.ru",
    "rediffmail.com",
    "seznam.cz",
    "sfr.fr",
    "sina.com",
    "t-online.de",
    "terra.com.br",
    "tutanota.com",
    "uol.com.br",
    "verizon.net",
    "wanadoo.fr",
    "web.de",
    "yahoo.ca",
    "yahoo.co.in",
    "yahoo.co.jp",
    "yahoo.co.uk",
    "yahoo.com",
    "yahoo.com.au",
    "yahoo.com.br",
    "yahoo.de",
    "yahoo.es",
    "yahoo.fr",
    "yahoo.in",
    "yahoo.it",
    "yandex.com",
    "yandex.ru",
    "ymail.com",
    "zoho.com",
    "zohomail.com",
];

/// Whether `domain` (lowercased) is a free-mail provider's on the built-in list.
pub(super) fn is_built_in(domain: &str) -> bool {
    DOMAINS.binary_search(&domain).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_lowercase_and_without_repeats() {
        assert!(DOMAINS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(DOMAINS
            .iter()
            .all(|d| d.to_lowercase() == *d && d.contains('.')));
        assert!(is_built_in("gmail.com"));
        assert!(!is_built_in("acme.example"));
    }
}
