/// Java's `String.format("%.Nf", d)`. Java rounds the shortest decimal representation of the
/// double (the digits `Double.toString` shows) half-up, where C's printf rounds the exact
/// binary value half-even: `0.125` prints `0.13` in Java and `0.12` in C. NaN and infinities
/// print as `NaN` / `Infinity`.
enum JavaFloatFormat {
    static func fixed(_ value: Double, precision: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        var (digits, pointPosition) = shortestDigits(abs(value))
        // digits × 10^(pointPosition - digits.count): keep `precision` digits after the point.
        let keep = pointPosition + precision
        if keep < 0 {
            digits = []
            pointPosition = 0
        } else if keep < digits.count {
            let roundUp = digits[keep] >= 5
            digits.removeSubrange(keep...)
            if roundUp {
                var i = digits.count - 1
                while i >= 0 {
                    if digits[i] == 9 {
                        digits[i] = 0
                        i -= 1
                    } else {
                        digits[i] += 1
                        break
                    }
                }
                if i < 0 {
                    digits.insert(1, at: 0)
                    pointPosition += 1
                }
            }
        }
        var integerPart = ""
        var fraction = ""
        for index in 0..<max(pointPosition, 0) {
            integerPart += index < digits.count ? String(digits[index]) : "0"
        }
        if integerPart.isEmpty { integerPart = "0" }
        for position in 0..<precision {
            let index = pointPosition + position
            fraction += index >= 0 && index < digits.count ? String(digits[index]) : "0"
        }
        let negative = value < 0 || (value == 0 && value.sign == .minus)
        let text = precision > 0 ? integerPart + "." + fraction : integerPart
        return (negative ? "-" : "") + text
    }

    /// The shortest round-trip decimal digits of a finite, non-negative double and where the
    /// decimal point goes (number of digits before it; may be ≤ 0 or > digit count).
    static func shortestDigits(_ value: Double) -> (digits: [Int], pointPosition: Int) {
        if value == 0 { return ([0], 1) }
        // Swift's description is the shortest round-trip form: "123.45", "1e-05", "1.5e+20".
        let text = value.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [Int] = []
        var pointPosition = 0
        var seenPoint = false
        for char in mantissa {
            if char == "." {
                seenPoint = true
                continue
            }
            guard let digit = char.wholeNumberValue else { continue }
            digits.append(digit)
            if !seenPoint { pointPosition += 1 }
        }
        // Drop leading zeros ("0.0012" → 12, point at -2).
        while digits.count > 1, digits[0] == 0 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.count > 1, digits.last == 0, digits.count > pointPosition { digits.removeLast() }
        return (digits, pointPosition + exponent)
    }
}
