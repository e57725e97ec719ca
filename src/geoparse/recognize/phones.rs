//! North American telephone numbers: "(806) 423-1253", "806-423-1253", "519.661.5670". Their
//! area codes tell where the paper that prints them is: a local story about "Gainesville"
//! that gives a 940 number is in Texas, though it never names Texas. The gazetteer holds
//! each area code's state or province (`"+1 NXX"` keys, built from phonenumbers' data); this
//! finds the codes.

/// The most area codes read from one text: a directory of numbers says nothing more.
const MAX_CODES: usize = 8;

/// The area codes of the telephone numbers written in `text`, each once, in reading order.
pub(crate) fn area_codes(text: &str) -> Vec<u16> {
    let b = text.as_bytes();
    let mut codes: Vec<u16> = Vec::new();
    for p in memchr::memchr2_iter(b'-', b'.', b) {
        if codes.len() >= MAX_CODES {
            break;
        }
        // The separator before the last four digits: "423-1253".
        if p < 7 || !digits(b, p + 1, 4) || b.get(p + 5).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        if !digits(b, p - 3, 3) {
            continue;
        }
        let code_end = match (b[p - 4], b.get(p.wrapping_sub(5))) {
            // "(806) 423-1253"
            (b' ', Some(b')')) if p >= 9 && b[p - 9] == b'(' => p - 5,
            // "806-423-1253", "806.423.1253", "806 423-1253"
            (b'-' | b'.' | b' ', _) => p - 4,
            _ => continue,
        };
        let Some(start) = code_end.checked_sub(3) else {
            continue;
        };
        if !digits(b, start, 3)
            || !(b'2'..=b'9').contains(&b[start])
            || (start > 0 && b[start - 1].is_ascii_digit())
        {
            continue;
        }
        let code = (b[start] - b'0') as u16 * 100
            + (b[start + 1] - b'0') as u16 * 10
            + (b[start + 2] - b'0') as u16;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    codes
}

/// Whether `b[start..start + n]` are all ASCII digits.
fn digits(b: &[u8], start: usize, n: usize) -> bool {
    b.get(start..start + n)
        .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_area_codes_of_written_numbers_are_found_once_each() {
        assert_eq!(
            area_codes(
                "Call (806) 423-1253 or 806-423-1033, or the office at 519.661.5670; \
                 again: 806 555-0100."
            ),
            [806, 519]
        );
    }

    #[test]
    fn other_numbers_are_no_telephone_numbers() {
        // A date, a score, a sum, a longer number and a code that starts with 1.
        assert!(
            area_codes("On 2019-04-25 they won 3-2 and raised $1,234.5678, ID 12806-423-1253.")
                .is_empty()
        );
        assert!(area_codes("Dial 106-423-1253.").is_empty());
        assert!(area_codes("").is_empty());
        assert!(area_codes("-.-.1234-").is_empty());
    }
}
