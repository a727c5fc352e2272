import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension JavaProperties {
    /// The text `Properties.store(Writer, comments)` writes (Java 17): the comment line (if
    /// any), a `#<Date.toString()>` line, then `key=value` lines in the table's iteration order
    /// with Java's escaping. Lines end with `\n` (Java's line separator on Linux).
    /// `timeZone` nil: the process's local zone (TZ, /etc/localtime), as Java's default zone.
    public func storedText(comments: String?, date: Date = Date(), timeZone: TimeZone? = nil) -> String {
        var out = ""
        if let comments {
            out += "#" + Self.escapeComment(comments) + "\n"
        }
        let dateLine = timeZone.map { Self.javaDateString(date, timeZone: $0) } ?? Self.javaLocalDateString(date)
        out += "#" + dateLine + "\n"
        for key in JavaHashOrder.ordered(keys, table: .properties) {
            let value = self[key] ?? ""
            out += Self.saveConvert(key, escapeSpace: true) + "=" + Self.saveConvert(value, escapeSpace: false) + "\n"
        }
        return out
    }

    /// `java.util.Date.toString()`: `EEE MMM dd HH:mm:ss zzz yyyy`.
    public static func javaDateString(_ date: Date, timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        // Java names UTC "UTC"; Foundation's short name for it is "GMT".
        let utcIdentifiers: Set<String> = ["UTC", "Etc/UTC", "UCT", "Etc/UCT", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu"]
        formatter.dateFormat = utcIdentifiers.contains(timeZone.identifier) ? "EEE MMM dd HH:mm:ss 'UTC' yyyy" : "EEE MMM dd HH:mm:ss zzz yyyy"
        return formatter.string(from: date)
    }

    /// `java.util.Date.toString()` in the local zone, from libc (`localtime_r`, the zone's
    /// abbreviation as tzdata names it, which is what Java prints for named zones: UTC, CET,
    /// PST). No ICU: a `DateFormatter` here loads ICU's calendar data, ~5 MB of the broker's
    /// RSS, only to write meta.properties when a log dir is formatted.
    public static func javaLocalDateString(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else {
            return javaDateString(date, timeZone: .current)
        }
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard days.indices.contains(Int(parts.tm_wday)), months.indices.contains(Int(parts.tm_mon)) else {
            return javaDateString(date, timeZone: .current)
        }
        let zone = parts.tm_zone.map { String(cString: $0) } ?? "GMT"
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]) \(months[Int(parts.tm_mon)]) \(two(parts.tm_mday)) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) \(zone) \(Int(parts.tm_year) + 1900)"
    }

    /// `Properties.saveConvert` for a `Writer` (no `\u` escaping of non-ASCII).
    static func saveConvert(_ text: String, escapeSpace: Bool) -> String {
        var out = ""
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            switch scalar {
            case "\\": out += "\\\\"
            case " ": out += (offset == 0 || escapeSpace) ? "\\ " : " "
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\u{0C}": out += "\\f"
            case "=", ":", "#", "!": out += "\\" + String(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `Properties.writeComments`: line breaks start a new `#` line; characters above U+00FF
    /// become `\uXXXX`.
    static func escapeComment(_ comments: String) -> String {
        var out = ""
        var units = Array(comments.utf16)[...]
        while let unit = units.first {
            units = units.dropFirst()
            switch unit {
            case 0x0A, 0x0D:
                if unit == 0x0D, units.first == 0x0A { units = units.dropFirst() }
                out += "\n"
                if let next = units.first, next != 0x23, next != 0x21 { out += "#" }
            case 0x00...0xFF:
                out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default:
                out += "\\u" + String(unit, radix: 16, uppercase: true).leftPadded(to: 4)
            }
        }
        return out
    }
}

fileprivate extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
