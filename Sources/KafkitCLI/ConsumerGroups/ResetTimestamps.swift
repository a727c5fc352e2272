import Foundation

/// The time arguments of `--to-datetime` (`Utils.getDateTime`) and `--by-duration`
/// (`java.time.Duration.parse`), with the exception texts Kafka's tool reports.
enum ResetTimestamps {
    struct ParseFailure: Error, Equatable {
        /// `Throwable.toString()` / `getMessage()` of what Java threw.
        var message: String
    }

    /// `Utils.getDateTime`: `yyyy-MM-dd'T'HH:mm:ss.SSS` with an optional zone (`Z`, `±hh:mm`,
    /// `±hhmm`, `±hh`); no zone means UTC. Strict: out-of-range fields are rejected.
    static func dateTime(_ text: String) throws(ParseFailure) -> Int64 {
        let parts = text.split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count >= 2 else {
            throw ParseFailure(message: "java.text.ParseException: Error parsing timestamp. It does not contain a 'T' according to ISO8601 format (Yr-Mo-DyTHr:Mn:Sc.xxx). Original value: \(text)")
        }
        let timePart = parts[1]
        var value = text
        if !(timePart.contains("+") || timePart.contains("-") || timePart.contains("Z")) { value += "Z" }
        let unparseable = ParseFailure(message: "java.text.ParseException: Unparseable date: \"\(value)\"")
        let pattern = #"^(\d{1,4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{1,2}):(\d{1,2})\.(\d{1,3})(Z|[+-]\d{2}(?::?\d{2})?)$"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) else { throw unparseable }
        func group(_ index: Int) -> String {
            guard let range = Range(match.range(at: index), in: value) else { return "" }
            return String(value[range])
        }
        let numbers = (1...7).map { Int(group($0)) ?? -1 }
        let (year, month, day, hour, minute, second, millis) = (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5], numbers[6])
        guard (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second), millis >= 0
        else { throw unparseable }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard let monthStart = calendar.date(from: DateComponents(year: year, month: month, day: 1)),
              let days = calendar.range(of: .day, in: .month, for: monthStart), days.contains(day) else { throw unparseable }
        let zone = group(8)
        var offsetSeconds = 0
        if zone != "Z" {
            let digits = zone.dropFirst().filter(\.isNumber)
            let hours = Int(digits.prefix(2)) ?? 0
            let minutes = digits.count > 2 ? Int(digits.dropFirst(2)) ?? 0 : 0
            guard hours <= 23, minutes <= 59 else { throw unparseable }
            offsetSeconds = (hours * 3600 + minutes * 60) * (zone.hasPrefix("-") ? -1 : 1)
        }
        let days1970 = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days1970) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return seconds * 1000 + Int64(millis)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// `Duration.parse` (`PnDTnHnMnS`, signs allowed per part and in front, fractional seconds),
    /// in milliseconds.
    static func durationMillis(_ text: String) throws(ParseFailure) -> Int64 {
        let failure = ParseFailure(message: "Text cannot be parsed to a Duration")
        let pattern = #"^([-+]?)P(?:([-+]?[0-9]+)D)?(T(?:([-+]?[0-9]+)H)?(?:([-+]?[0-9]+)M)?(?:([-+]?[0-9]+)(?:[.,]([0-9]{0,9}))?S)?)?$"#
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { throw failure }
        func group(_ index: Int) -> String? {
            guard let range = Range(match.range(at: index), in: text) else { return nil }
            return String(text[range])
        }
        let days = group(2), hours = group(4), minutes = group(5), seconds = group(6), fraction = group(7)
        // "T" must be followed by at least one part, and something must be given at all.
        if group(3) == "T" || (days == nil && hours == nil && minutes == nil && seconds == nil) { throw failure }
        func number(_ value: String?) throws(ParseFailure) -> Int64 {
            guard let value else { return 0 }
            guard let parsed = Int64(value.hasPrefix("+") ? String(value.dropFirst()) : value) else { throw failure }
            return parsed
        }
        var millis = try number(days) * 86_400_000 + number(hours) * 3_600_000 + number(minutes) * 60_000
        let wholeSeconds = try number(seconds)
        millis += wholeSeconds * 1000
        if let fraction, !fraction.isEmpty {
            let fractionMillis = Int64(String((fraction + "000").prefix(3))) ?? 0
            millis += (seconds?.hasPrefix("-") == true) ? -fractionMillis : fractionMillis
        }
        return group(1) == "-" ? -millis : millis
    }
}
