import Foundation

extension JavaProperties {
    /// The text `Properties.store(Writer, comments)` writes (Java 17): the comment line (if
    /// any), a `#<Date.toString()>` line, then `key=value` lines in the table's iteration order
    /// with Java's escaping. Lines end with `\n` (Java's line separator on Linux).
    public func storedText(comments: String?, date: Date = Date(), timeZone: TimeZone = .current) -> String {
        var out = ""
        if let comments {
            out += "#" + Self.escapeComment(comments) + "\n"
        }
        out += "#" + Self.javaDateString(date, timeZone: timeZone) + "\n"
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
