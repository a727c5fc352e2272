import Foundation

/// The `java.text.SimpleDateFormat` patterns the consumer perf tool's `--date-format` takes,
/// formatting epoch milliseconds in the local time zone with English names. Pattern letters
/// Java does not know are rejected with Java's message.
struct SimpleDateFormat: Sendable {
    struct PatternError: Error, Equatable {
        var message: String
    }

    enum Piece: Sendable, Equatable {
        case literal(String)
        case field(Character, Int)
    }

    static let knownLetters: Set<Character> = Set("GyYMLwWDdFEuaHkKhmsSzZX")
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    let pieces: [Piece]

    /// `new SimpleDateFormat(pattern)`.
    init(_ pattern: String) throws(PatternError) {
        var pieces: [Piece] = []
        let chars = Array(pattern)
        var i = 0
        var literal = ""
        while i < chars.count {
            let c = chars[i]
            if c == "'" {
                // '' is a quote; 'text' is literal text.
                if i + 1 < chars.count, chars[i + 1] == "'" {
                    literal.append("'")
                    i += 2
                    continue
                }
                var j = i + 1
                var closed = false
                while j < chars.count {
                    if chars[j] == "'" {
                        if j + 1 < chars.count, chars[j + 1] == "'" {
                            literal.append("'")
                            j += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    literal.append(chars[j])
                    j += 1
                }
                guard closed else { throw PatternError(message: "Unterminated quote") }
                i = j + 1
                continue
            }
            if c.isASCII, c.isLetter {
                guard Self.knownLetters.contains(c) else {
                    throw PatternError(message: "Illegal pattern character '\(c)'")
                }
                if !literal.isEmpty {
                    pieces.append(.literal(literal))
                    literal = ""
                }
                var count = 1
                while i + count < chars.count, chars[i + count] == c { count += 1 }
                pieces.append(.field(c, count))
                i += count
                continue
            }
            literal.append(c)
            i += 1
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        self.pieces = pieces
    }

    /// `format(new Date(epochMillis))`.
    func format(epochMillis: Int64) -> String {
        var seconds = time_t(epochMillis >= 0 ? epochMillis / 1000 : (epochMillis - 999) / 1000)
        let millis = Int(epochMillis - Int64(seconds) * 1000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        var out = ""
        for piece in pieces {
            switch piece {
            case .literal(let text): out += text
            case .field(let letter, let count): out += field(letter, count, parts, millis)
            }
        }
        return out
    }

    private func number(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private func field(_ letter: Character, _ count: Int, _ t: tm, _ millis: Int) -> String {
        let year = Int(t.tm_year) + 1900
        let month = Int(t.tm_mon)
        let hour = Int(t.tm_hour)
        let offsetMinutes = Int(t.tm_gmtoff) / 60
        switch letter {
        case "G": return "AD"
        case "y", "Y": return count == 2 ? number(year % 100, 2) : number(year, count)
        case "M", "L":
            if count >= 4 { return Self.monthNames[month] }
            if count == 3 { return String(Self.monthNames[month].prefix(3)) }
            return number(month + 1, count)
        case "d": return number(Int(t.tm_mday), count)
        case "D": return number(Int(t.tm_yday) + 1, count)
        case "F": return number((Int(t.tm_mday) - 1) / 7 + 1, count)
        case "w": return number(Int(t.tm_yday) / 7 + 1, count)
        case "W": return number((Int(t.tm_mday) + 6 - Int(t.tm_wday)) / 7 + 1, count)
        case "E": return count >= 4 ? Self.dayNames[Int(t.tm_wday)] : String(Self.dayNames[Int(t.tm_wday)].prefix(3))
        case "u": return number(t.tm_wday == 0 ? 7 : Int(t.tm_wday), count)
        case "a": return hour < 12 ? "AM" : "PM"
        case "H": return number(hour, count)
        case "k": return number(hour == 0 ? 24 : hour, count)
        case "K": return number(hour % 12, count)
        case "h": return number(hour % 12 == 0 ? 12 : hour % 12, count)
        case "m": return number(Int(t.tm_min), count)
        case "s": return number(Int(t.tm_sec), count)
        case "S": return number(millis, count)
        case "z":
            let short = t.tm_zone.map { String(cString: $0) } ?? "GMT"
            if count >= 4 {
                return TimeZone.current.localizedName(for: .standard, locale: Locale(identifier: "en_US")) ?? short
            }
            return short
        case "Z":
            let sign = offsetMinutes < 0 ? "-" : "+"
            return sign + number(abs(offsetMinutes) / 60, 2) + number(abs(offsetMinutes) % 60, 2)
        case "X":
            if offsetMinutes == 0 { return "Z" }
            let sign = offsetMinutes < 0 ? "-" : "+"
            let hours = number(abs(offsetMinutes) / 60, 2), minutes = number(abs(offsetMinutes) % 60, 2)
            switch count {
            case 1: return sign + hours
            case 2: return sign + hours + minutes
            default: return sign + hours + ":" + minutes
            }
        default: return ""
        }
    }
}
