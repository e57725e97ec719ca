//! Publication dates as day numbers, and how many articles there are per day or week.

/// The day number (days since 1970-01-01) of a date that starts as ISO 8601 does
/// (`2024-03-14`, `2024-03-14T09:30:00Z`). Other forms give `None`.
pub fn day_number(date: &str) -> Option<i32> {
    let bytes = date.trim().as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<i32> {
        let part = bytes.get(range)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

fn days_in_month(year: i32, month: i32) -> i32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i32, month: i32, day: i32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of day number `day`, as `(year, month, day)`.
pub fn civil_from_days(day: i32) -> (i32, u32, u32) {
    let z = day + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i32::from(m <= 2);
    (y, m, d)
}

/// Day number `day` for people: "14 Mar 2024".
pub fn display_day(day: i32) -> String {
    let (year, month, d) = civil_from_days(day);
    let month = crate::readers::MONTH_NAMES
        .get(month as usize - 1)
        .map_or("", |name| name.get(..3).unwrap_or(name));
    format!("{d} {month} {year}")
}

/// Articles per day, or per week when the dates span more than 120 days.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    /// The first day of the first bin.
    pub first_day: i32,
    /// Days per bin: 1 or 7.
    pub bin_days: i32,
    /// Articles in each bin.
    pub counts: Vec<u32>,
}

impl Histogram {
    /// The histogram of `days`, or `None` if no article has a date.
    pub fn of(days: impl IntoIterator<Item = i32> + Clone) -> Option<Histogram> {
        let first = days.clone().into_iter().min()?;
        let last = days.clone().into_iter().max()?;
        let bin_days = if last - first > 120 { 7 } else { 1 };
        // Weeks start on Monday (day 0 was a Thursday).
        let first_day = if bin_days == 7 {
            first - (first + 3).rem_euclid(7)
        } else {
            first
        };
        let bins = ((last - first_day) / bin_days + 1) as usize;
        let mut counts = vec![0u32; bins];
        for day in days {
            if let Some(count) = counts.get_mut(((day - first_day) / bin_days) as usize) {
                *count += 1;
            }
        }
        Some(Histogram {
            first_day,
            bin_days,
            counts,
        })
    }

    /// The day after the last bin.
    pub fn end_day(&self) -> i32 {
        self.first_day + self.bin_days * self.counts.len() as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_become_day_numbers_and_back() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2024-03-14T09:30:00Z"), Some(19_796));
        assert_eq!(civil_from_days(19_796), (2024, 3, 14));
        assert_eq!(display_day(19_796), "14 Mar 2024");
        for bad in [
            "",
            "14 March 2024",
            "2024-02-30",
            "2024-13-01",
            "20x4-01-01",
        ] {
            assert_eq!(day_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn short_spans_are_counted_per_day_and_long_ones_per_week() {
        let h = Histogram::of([10, 10, 12]).unwrap();
        assert_eq!(
            (h.first_day, h.bin_days, h.counts.clone()),
            (10, 1, vec![2, 0, 1])
        );
        let h = Histogram::of([0, 200]).unwrap();
        assert_eq!(h.bin_days, 7);
        assert_eq!(h.counts.iter().sum::<u32>(), 2);
        assert!(h.first_day <= 0 && h.end_day() > 200);
        assert_eq!(Histogram::of(std::iter::empty::<i32>()), None);
    }
}
